package dev.verdict.deploy.experiment;

import static dev.verdict.deploy.deployment.DeployFixture.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.verdict.allocation.Allocator;
import dev.verdict.deploy.deployment.DeployFixture;
import dev.verdict.deploy.experiment.store.ArmStatsEntity;
import dev.verdict.events.EventCodec;
import dev.verdict.events.Topics;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.evidence.EvidenceEvents;
import dev.verdict.events.evidence.EvidenceReported;
import dev.verdict.events.experiment.ExperimentEvents;
import dev.verdict.events.experiment.ExposureRecorded;
import dev.verdict.events.telemetry.MetricObserved;
import dev.verdict.events.telemetry.TelemetryEvents;
import dev.verdict.testing.KeycloakAdmin;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import dev.verdict.testing.TestKafka;
import dev.verdict.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An experiment end to end on the real broker and database: exposures and metric observations as services publish
 * them go through the Kafka Streams aggregation into PostgreSQL, the analysis reads the sums, finds the true lift,
 * and publishes it as evidence; an exposure of an unknown experiment is parked with its reason.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "deploy"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "deploy-orchestrator"))
class ExperimentFlowTest {

    static final String SHOP = "component:default/shop-flow";
    static final int UNITS = 2000;

    @BeforeAll
    static void owners() throws Exception {
        KeycloakAdmin.join("engineer", "payments-team");
        DeployFixture.announce(SHOP, "group:default/payments-team");
    }

    static void send(String topic, String key, VerdictEvent<?> e, KafkaProducer<String, byte[]> p) {
        p.send(new ProducerRecord<>(topic, key, EventCodec.platform().encode(e)));
    }

    static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestKafka.get().bootstrapServers());
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @Test
    void exposuresAndObservationsBecomeArmSumsAnAnalysisAndEvidence() throws Exception {
        as("engineer").body("""
                        {"key": "flow-checkout", "component": "shop-flow", "decision": "ADR-0003",
                         "variations": ["control", "treatment"],
                         "metrics": {"primary": "order-value", "plannedUnitsPerArm": 2000}}
                        """).post("/api/experiments").then().statusCode(201);
        JsonPath running = as("engineer")
                .post("/api/experiments/flow-checkout/start")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        // the aggregation must have seen the running definition before exposures count (it travels over a topic)
        Thread.sleep(3000);
        var experiment = dev.verdict.deploy.experiment.service.Allocations.toAllocation(
                new dev.verdict.deploy.experiment.model.ExperimentDefinition(
                        "flow-checkout",
                        SHOP,
                        null,
                        null,
                        List.of(
                                new dev.verdict.deploy.experiment.model.ExperimentDefinition.Variation(
                                        "control", "control"),
                                new dev.verdict.deploy.experiment.model.ExperimentDefinition.Variation(
                                        "treatment", "treatment")),
                        List.of(0.5, 0.5),
                        1.0,
                        "id",
                        2,
                        running.getString("seed"),
                        null,
                        null,
                        Map.of(),
                        null),
                true);
        Random r = new Random(42);
        long[] n = new long[2];
        double[] sumY = new double[2];
        double[] sumX = new double[2];
        Instant t0 = Instant.now();
        double[] post = new double[UNITS];
        try (KafkaProducer<String, byte[]> p = producer()) {
            for (int i = 0; i < UNITS; i++) {
                String unit = "user-" + i;
                int v = Allocator.run(experiment, Allocator.Context.of(Map.of("id", unit)))
                        .variation();
                double base = 50 + 10 * r.nextGaussian();
                double pre = base + 5 * r.nextGaussian();
                post[i] = base * (v == 1 ? 1.10 : 1.0) + 5 * r.nextGaussian();
                // a pre-period order and the exposure (twice: the SDK may report it again); the order after it below
                send(Topics.TELEMETRY, unit, metric(unit, pre, t0.minusSeconds(3600)), p);
                ExposureRecorded x = new ExposureRecorded("flow-checkout", 1, unit, v, t0.toString(), "sdk:shop-flow");
                send(
                        Topics.EXPERIMENTS,
                        unit,
                        VerdictEvent.create(ExperimentEvents.EXPOSURE_RECORDED, "shop-flow", SHOP, x),
                        p);
                send(
                        Topics.EXPERIMENTS,
                        unit,
                        VerdictEvent.create(ExperimentEvents.EXPOSURE_RECORDED, "shop-flow", SHOP, x),
                        p);
                n[v]++;
                sumY[v] += post[i];
                sumX[v] += pre;
            }
            p.flush();
            Thread.sleep(2000); // the orders after exposure come later, as in life
            for (int i = 0; i < UNITS; i++) {
                send(Topics.TELEMETRY, "user-" + i, metric("user-" + i, post[i], t0.plusSeconds(60)), p);
            }
            send(
                    Topics.EXPERIMENTS,
                    "ghost-1",
                    VerdictEvent.create(
                            ExperimentEvents.EXPOSURE_RECORDED,
                            "shop-flow",
                            SHOP,
                            new ExposureRecorded("no-such-experiment", 1, "ghost-1", 0, t0.toString(), "rest")),
                    p);
            p.flush();
        }
        // the sums arrive in PostgreSQL exactly: each unit once, its orders before and after exposure apart
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    List<ArmStatsEntity> rows = QuarkusTransaction.requiringNew()
                            .call(() -> ArmStatsEntity.<ArmStatsEntity>list("id.experiment", "flow-checkout"));
                    assertThat(rows).hasSize(2);
                    for (ArmStatsEntity a : rows) {
                        assertThat(a.n)
                                .as("units in variation %d", a.id.variation())
                                .isEqualTo(n[a.id.variation()]);
                        assertThat(a.sumY).isCloseTo(sumY[a.id.variation()], within(1e-6));
                        assertThat(a.sumX).isCloseTo(sumX[a.id.variation()], within(1e-6));
                    }
                });
        JsonPath results = as("engineer")
                .post("/api/experiments/flow-checkout/analyses")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(results.getBoolean("analysis.srm.mismatch")).isFalse();
        assertThat(results.getDouble("analysis.comparisons[0].cuped.estimate")).isCloseTo(0.10, within(0.02));
        assertThat(results.getDouble("analysis.comparisons[0].varianceReduction"))
                .isGreaterThan(0.5);
        assertThat(results.getString("status")).isEqualTo("conclusive");
        // the experiment's own plan (2,000 per arm, not the deployment's 5,000) sets the sequential test's clock
        assertThat(results.getDouble("analysis.comparisons[0].sequential.informationFraction"))
                .isCloseTo(2.0 * n[0] * n[1] / (2000.0 * (n[0] + n[1])), within(1e-9));
        assertThat(results.getString("analysis.stoppingRule")).contains("the planned 2000 units per arm");
        as("viewer")
                .get("/api/experiments/flow-checkout/results")
                .then()
                .statusCode(200)
                .body("id", org.hamcrest.Matchers.equalTo(results.getString("id")));

        // a second look: the phase's snapshots are cumulative, so its item supersedes the first one's
        as("engineer").post("/api/experiments/flow-checkout/analyses").then().statusCode(200);

        // the evidence, with its provenance, on the experiments topic
        List<VerdictEvent<?>> published =
                TopicReader.of(TestKafka.get().bootstrapServers(), Topics.EXPERIMENTS).key(SHOP).read(2).stream()
                        .<VerdictEvent<?>>map(x -> EventCodec.platform().decode(x.value()))
                        .filter(e ->
                                e.dataAs(EvidenceEvents.EXPERIMENT_EVIDENCE).isPresent())
                        .toList();
        assertThat(published).hasSize(2);
        EvidenceReported evidence = (EvidenceReported) published.get(0).data();
        EvidenceReported second = (EvidenceReported) published.get(1).data();
        assertThat(evidence.supersedes()).isNull();
        assertThat(second.supersedes())
                .isEqualTo(EvidenceReported.itemId(published.get(0).id(), 0).toString());
        assertThat(evidence.kind()).isEqualTo("experiment");
        assertThat(evidence.decision()).isEqualTo("ADR-0003");
        assertThat(evidence.comparison()).isEqualTo("lift(treatment/control)");
        assertThat(evidence.result().ciLower()).isPositive();
        assertThat(evidence.provenance().configHash()).isEqualTo(running.getString("definitionHash"));
        assertThat(evidence.provenance().config()).containsEntry("phase", "1").containsEntry("seed", "flow-checkout");

        // the exposure of an experiment nobody defined is parked, with the reason, not dropped
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(as("viewer")
                                .queryParam("kind", "NO_EXPERIMENT")
                                .get("/api/experiment-parked")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getList("items.reason", String.class))
                        .anyMatch(reason -> reason.contains("no-such-experiment")));
    }

    static VerdictEvent<MetricObserved> metric(String unit, double value, Instant at) {
        return VerdictEvent.create(
                TelemetryEvents.METRIC_OBSERVED,
                "shop-flow",
                SHOP,
                new MetricObserved(unit, "order-value", value, at.toString(), SHOP));
    }
}
