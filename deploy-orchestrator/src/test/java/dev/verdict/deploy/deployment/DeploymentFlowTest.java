package dev.verdict.deploy.deployment;

import static dev.verdict.deploy.deployment.DeployFixture.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.deploy.deployment.engine.Targets;
import dev.verdict.events.EventCodec;
import dev.verdict.events.Topics;
import dev.verdict.events.evidence.EvidenceEvents;
import dev.verdict.events.evidence.EvidenceReported;
import dev.verdict.testing.KeycloakAdmin;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import dev.verdict.testing.PrometheusResource;
import dev.verdict.testing.TestKafka;
import dev.verdict.testing.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Canary deploys end to end, on real processes of the demo payments-api behind the real router, real traffic, the
 * real judge, PostgreSQL, Kafka and Keycloak: a first version, a slow canary rolled back, an equal one promoted, an
 * erroring one failed on its error rate, a variance-only regression caught by the variance check alone, and a slow
 * one judged on the instances' own metrics as a real Prometheus scraped them.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "deploy"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "deploy-orchestrator"))
@WithTestResource(
        value = PrometheusResource.class,
        initArgs =
                @ResourceArg(
                        name = PrometheusResource.TARGETS_ARG,
                        value = "target/deploy-work/prometheus/targets.json"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeploymentFlowTest {

    static final String COMPONENT = "component:default/payments-api";
    static final ObjectMapper JSON = new ObjectMapper();
    /** one window of 10 s: ten 1-second router intervals per side */
    static final String STEPS =
            "[{\"setWeight\": 25}, {\"analysis\": {\"interval\": \"12s\", \"count\": 1, \"initialDelay\": \"4s\"}}]";

    static DeployFixture.Load load;

    @Inject
    Targets targets;

    @BeforeAll
    static void owners() throws Exception {
        KeycloakAdmin.join("engineer", "payments-team");
        DeployFixture.announce(COMPONENT, "group:default/payments-team");
    }

    @AfterAll
    static void stopLoad() throws Exception {
        if (load != null) {
            load.close();
        }
    }

    static String body(String version, String steps, String extra) throws Exception {
        return "{\"component\": \"payments-api\", \"version\": \"" + version + "\", \"artifact\": "
                + DeployFixture.artifactJson() + ", \"steps\": " + steps + extra + "}";
    }

    static JsonPath deploy(String body) {
        return as("engineer")
                .body(body)
                .post("/api/deployments")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    /** Waits until the deployment finished or paused for a person, and returns it. */
    static JsonPath awaitFinished(String id) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    JsonPath d = as("viewer")
                            .get("/api/deployments/" + id)
                            .then()
                            .extract()
                            .jsonPath();
                    return d.getString("summary.finishedAt") != null || "PAUSED".equals(d.getString("summary.status"));
                });
        String body = as("viewer")
                .get("/api/deployments/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        System.out.println("deployment " + id + ": " + body);
        return JsonPath.from(body);
    }

    static JsonNode judgement(String deployment, String judgement) throws Exception {
        return JSON.readTree(as("viewer")
                .get("/api/deployments/" + deployment + "/judgements/" + judgement)
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    static String metricLabel(JsonNode judgement, String metric) {
        for (JsonNode m : judgement.path("result").path("results")) {
            if (m.path("name").asText().equals(metric)) {
                return m.path("classification").asText();
            }
        }
        throw new AssertionError("no metric " + metric + " in " + judgement);
    }

    @Test
    @Order(1)
    void aComponentsFirstVersionBecomesStableWithAllTheTraffic() throws Exception {
        JsonPath d = deploy(body("1.0.0", STEPS, ""));
        assertThat(d.getString("summary.status")).isEqualTo("PENDING");
        JsonPath done = awaitFinished(d.getString("summary.id"));
        assertThat(done.getString("summary.status")).isEqualTo("PROMOTED");
        assertThat(done.getList("judgements")).isEmpty();

        load = new DeployFixture.Load(DeployFixture.routerPort(targets, COMPONENT), 4);
        Thread.sleep(1500);
        assertThat(load.drain()).containsOnlyKeys("1.0.0");
    }

    @Test
    @Order(2)
    void aCanaryWithThirtyPercentMoreLatencyIsRolledBackAndItsJudgementIsEvidence() throws Exception {
        JsonPath d = deploy(body("1.1.0-slow", STEPS, ", \"decision\": \"ADR-0002\""));
        String id = d.getString("summary.id");
        JsonPath done = awaitFinished(id);
        assertThat(done.getString("summary.status")).isEqualTo("ROLLED_BACK");
        assertThat(done.getString("summary.statusReason")).contains("judgement failed the canary");
        assertThat(done.getString("summary.baselineVersion")).isEqualTo("1.0.0");
        List<Map<String, Object>> judgements = done.getList("judgements");
        assertThat(judgements).hasSize(1);
        assertThat(judgements.get(0)).containsEntry("classification", "Fail");
        JsonNode j = judgement(id, (String) judgements.get(0).get("id"));
        assertThat(metricLabel(j, "latency-mean")).isEqualTo("High");

        // after the rollback only the stable version answers
        load.drain();
        Thread.sleep(1500);
        assertThat(load.drain()).containsOnlyKeys("1.0.0");

        // re-judging the stored input gives the stored result, byte for byte of its JSON tree
        JsonNode rerun = JSON.readTree(as("viewer")
                .body(j.get("input").toString())
                .post("/api/judge")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertThat(rerun).isEqualTo(j.get("result"));

        // the judgement went out as evidence: one per metric and one for the score, with provenance
        List<EvidenceReported> events =
                TopicReader.of(TestKafka.get().bootstrapServers(), Topics.DEPLOY).key(COMPONENT).read(4).stream()
                        .map(r -> EventCodec.platform().decode(r.value()))
                        .flatMap(e -> e.dataAs(EvidenceEvents.DEPLOY_EVIDENCE).stream())
                        .filter(x -> x.provenance().runId().equals(id))
                        .toList();
        assertThat(events)
                .extracting(EvidenceReported::metric)
                .containsExactlyInAnyOrder("latency-mean", "latency-p99", "error-rate", "canary-score");
        EvidenceReported latency = events.stream()
                .filter(e -> e.metric().equals("latency-mean"))
                .findFirst()
                .orElseThrow();
        assertThat(latency.kind()).isEqualTo("canary");
        assertThat(latency.decision()).isEqualTo("ADR-0002");
        assertThat(latency.result().classification()).isEqualTo("High");
        assertThat(latency.result().estimate()).isGreaterThan(1.1);
        // the interval is on the estimate's scale (a ratio), and above 1 for a High
        assertThat(latency.result().ciLower())
                .isGreaterThan(1.0)
                .isLessThan(latency.result().ciUpper());
        assertThat(latency.provenance().configHash()).isEqualTo(done.getString("configHash"));
        assertThat(latency.provenance().environment().other())
                .containsEntry("canaryVersion", "1.1.0-slow")
                .containsEntry("baselineVersion", "1.0.0");
        assertThat(latency.measurements().groups())
                .extracting(EvidenceReported.Group::name)
                .containsExactly("baseline", "canary");
        assertThat(latency.measurements().groups().get(0).n()).isGreaterThanOrEqualTo(5);

        // the timeline tells the story in order
        List<String> kinds = as("viewer")
                .get("/api/deployments/" + id + "/timeline")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.kind");
        assertThat(kinds)
                .containsSubsequence(
                        "TRIGGERED", "STARTED", "READY", "WEIGHT", "ANALYSIS", "JUDGED", "WEIGHT", "ROLLED_BACK");
    }

    @Test
    @Order(3)
    void anEqualVersionIsPromotedAndTakesAllTheTraffic() throws Exception {
        // two windows and failureLimit 1: a judge at 98 % fails an equal canary now and then by chance; two in a row
        // would be the machine, not the version
        JsonPath d = deploy(body(
                "1.1.0",
                "[{\"setWeight\": 25}, {\"analysis\": {\"interval\": \"12s\", \"count\": 2, \"failureLimit\": 1,"
                        + " \"initialDelay\": \"4s\"}}]",
                ""));
        JsonPath done = awaitFinished(d.getString("summary.id"));
        assertThat(done.getString("summary.status")).as(done.prettify()).isEqualTo("PROMOTED");
        assertThat(done.getList("judgements.classification")).hasSize(2).contains("Pass");
        load.drain();
        Thread.sleep(1500);
        assertThat(load.drain()).containsOnlyKeys("1.1.0");
    }

    @Test
    @Order(4)
    void aVersionWithTwoPercentErrorsFailsOnTheErrorRate() throws Exception {
        // half the traffic each for canary and baseline: enough requests per second for a 2 % error rate to show
        JsonPath d = deploy(body(
                "1.2.0-errors",
                "[{\"setWeight\": 50}, {\"analysis\": {\"interval\": \"20s\", \"count\": 1, \"initialDelay\": \"4s\"}}]",
                ""));
        String id = d.getString("summary.id");
        JsonPath done = awaitFinished(id);
        JsonNode j = judgement(id, done.getString("judgements[0].id"));
        assertThat(done.getString("summary.status")).as(j.toString()).isEqualTo("ROLLED_BACK");
        assertThat(metricLabel(j, "error-rate")).isEqualTo("High");
        assertThat(j.path("result").path("score").path("score").asDouble()).isEqualTo(0.0); // a critical failure
    }

    @Test
    @Order(5)
    void aVarianceOnlyRegressionIsCaughtByTheVarianceCheckAndPassedByThePlainKayentaRules() throws Exception {
        String config = """
                {"name": "variance", "judge": {"name": "NetflixACAJudge-v1.0"},
                 "metrics": [{"name": "latency-mean", "groups": ["latency"],
                   "query": {"type": "router", "measure": "latency-mean"},
                   "analysisConfigurations": {"canary": {"direction": "increase",
                     "verdict": {"variance": {"allowedIncrease": 1.5}}}}}]}
                """;
        JsonPath d = deploy(body(
                "1.3.0-jittery",
                "[{\"setWeight\": 50}, {\"analysis\": {\"interval\": \"20s\", \"count\": 1, \"initialDelay\": \"4s\"}}]",
                ", \"config\": " + config));
        String id = d.getString("summary.id");
        JsonPath done = awaitFinished(id);
        JsonNode j = judgement(id, done.getString("judgements[0].id"));
        assertThat(done.getString("summary.status")).as(j.toString()).isEqualTo("ROLLED_BACK");
        JsonNode metric = j.path("result").path("results").get(0);
        assertThat(metric.path("classification").asText()).isEqualTo("High");
        assertThat(metric.path("classificationReason").asText()).contains("spread rose");

        // the same measurements under Kayenta's own rules (the verdict block removed): a Pass
        ObjectNode input = (ObjectNode) j.get("input").deepCopy();
        ((ObjectNode) input.path("config")
                        .path("metrics")
                        .get(0)
                        .path("analysisConfigurations")
                        .path("canary"))
                .remove("verdict");
        as("viewer")
                .body(input.toString())
                .post("/api/judge")
                .then()
                .statusCode(200)
                .body("results[0].classification", equalTo("Pass"));
    }

    @Test
    @Order(6)
    void aSlowCanaryJudgedOnItsOwnMetricsScrapedByPrometheusIsRolledBack() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dev.verdict.testing.TestPrometheus.available(), dev.verdict.testing.TestPrometheus.SKIPPED);
        // Kayenta's shape: a named template with the scope bound per query, read from Prometheus's query_range
        String config = """
                {"name": "prometheus-service-time", "judge": {"name": "NetflixACAJudge-v1.0"},
                 "templates": {"mean-service-time": "PromQL:sum(rate(demo_request_seconds_sum{verdict_component=\\"${component}\\",verdict_scope=\\"${scope}\\"}[3s])) / sum(rate(demo_request_seconds_count{verdict_component=\\"${component}\\",verdict_scope=\\"${scope}\\"}[3s]))"},
                 "metrics": [{"name": "service-time", "groups": ["latency"],
                   "query": {"type": "prometheus", "customFilterTemplate": "mean-service-time"},
                   "analysisConfigurations": {"canary": {"direction": "increase"}}}]}
                """;
        JsonPath d = deploy(body(
                "1.4.0-slow",
                "[{\"setWeight\": 25}, {\"analysis\": {\"interval\": \"15s\", \"count\": 1, \"initialDelay\": \"6s\"}}]",
                ", \"config\": " + config));
        String id = d.getString("summary.id");
        JsonPath done = awaitFinished(id);
        JsonNode j = judgement(id, done.getString("judgements[0].id"));
        assertThat(done.getString("summary.status")).as(j.toString()).isEqualTo("ROLLED_BACK");
        assertThat(metricLabel(j, "service-time")).isEqualTo("High");
        // the points are the service's own seconds per request, about 20 ms for the baseline and 26 ms for the canary
        JsonNode pair = j.path("input").path("pairs").get(0);
        double control = mean(pair.path("control"));
        double experiment = mean(pair.path("experiment"));
        assertThat(control).as(pair.toString()).isBetween(0.015, 0.025);
        assertThat(experiment / control).as(pair.toString()).isBetween(1.15, 1.45);
    }

    @Test
    @Order(7)
    void aConfigNamingASourceOrTemplateThisOrchestratorLacksIsRefusedWithPointers() throws Exception {
        String config = """
                {"name": "typos", "metrics": [
                  {"name": "a", "query": {"type": "prometeus", "metricName": "x"}, "analysisConfigurations": {"canary": {"direction": "increase"}}},
                  {"name": "b", "query": {"type": "prometheus", "customFilterTemplate": "nope"}, "analysisConfigurations": {"canary": {"direction": "increase"}}}]}
                """;
        as("engineer")
                .body(body("1.5.0", STEPS, ", \"config\": " + config))
                .post("/api/deployments")
                .then()
                .statusCode(422)
                .body(
                        "violations.path",
                        org.hamcrest.Matchers.hasItems(
                                "/config/metrics/0/query/type", "/config/metrics/1/query/customFilterTemplate"));
    }

    static double mean(JsonNode points) {
        return java.util.stream.StreamSupport.stream(points.spliterator(), false)
                .filter(p -> !p.isNull())
                .mapToDouble(JsonNode::asDouble)
                .average()
                .orElse(Double.NaN);
    }
}
