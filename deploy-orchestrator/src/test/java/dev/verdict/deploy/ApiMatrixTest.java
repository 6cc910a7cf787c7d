package dev.verdict.deploy;

import static dev.verdict.deploy.deployment.DeployFixture.as;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.deploy.deployment.DeployFixture;
import dev.verdict.deploy.deployment.NoBackgroundDriver;
import dev.verdict.testing.ApiMatrixTests;
import dev.verdict.testing.AuthorizationMatrix;
import dev.verdict.testing.KeycloakAdmin;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every operation of this service × every kind of caller against src/test/resources/authorization-policy.txt
 * (libs/testing's AuthorizationMatrix). The background driver is off, so the deployment the owner rows act on stays
 * pending and no instance is started.
 */
@QuarkusTest
@TestProfile(NoBackgroundDriver.class)
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "deploy"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "deploy-orchestrator"))
class ApiMatrixTest extends ApiMatrixTests {

    @Override
    protected String service() {
        return "deploy-orchestrator";
    }

    @Override
    protected AuthorizationMatrix.Fixture prepare(String run) throws Exception {
        String component = "matrix-api-" + run;
        String key = "matrix-exp-" + run;
        KeycloakAdmin.join("engineer", "payments-team");
        DeployFixture.announce("component:default/" + component, "group:default/payments-team");
        String deployment = "{\"component\": \"" + component + "\", \"version\": \"1.0.0\", \"artifact\": "
                + DeployFixture.artifactJson() + "}";
        String id = as("engineer")
                .body(deployment)
                .post("/api/deployments")
                .then()
                .statusCode(201)
                .extract()
                .path("summary.id");
        String experiment = experiment(key, component);
        as("engineer").body(experiment).post("/api/experiments").then().statusCode(201);
        return new AuthorizationMatrix.Fixture() {
            @Override
            public String parameter(AuthorizationMatrix.Operation op, String name) {
                return switch (name) {
                    case "id" -> op.path().startsWith("/api/deployments/") ? id : null;
                    case "key" -> key;
                    case "action" -> "abort";
                    default -> null;
                };
            }

            @Override
            public String body(AuthorizationMatrix.Operation op, String contentType) {
                return switch (op.method() + " " + op.path()) {
                    case "POST /api/deployments" -> deployment.replace("1.0.0", "1.0.1");
                    case "POST /api/experiments" -> experiment(key + "-2", component);
                    case "PUT /api/experiments/{key}" -> experiment(key, component);
                    default -> null;
                };
            }
        };
    }

    static String experiment(String key, String component) {
        return """
                {"key": "%s", "component": "%s", "hypothesis": "the matrix probe changes nothing",
                 "variations": ["control", "treatment"], "weights": [0.5, 0.5],
                 "metrics": {"primary": "checkout-conversion"}}
                """.formatted(key, component);
    }

    /**
     * The demo's experiment definition, as a team posts it for the fixture's component under a key of its own each
     * time; and the two real Kayenta canary configs (the orchestrator's default, the demo's JDK migration) posted
     * to the judge with a pair of series for each of their metrics.
     */
    @Override
    protected List<RealFiles> realFiles(AuthorizationMatrix.Fixture fixture) throws Exception {
        String component = "matrix-api-files";
        AtomicInteger n = new AtomicInteger();
        return List.of(
                new RealFiles(
                        "POST /api/experiments",
                        List.of(Path.of("../infra/demo/experiments/new-checkout.json")),
                        json -> json.replace("\"payments-api\"", "\"" + component + "\"")
                                .replace("\"new-checkout\"", "\"files-exp-" + n.incrementAndGet() + "\"")),
                new RealFiles(
                        "POST /api/judge",
                        List.of(
                                Path.of("src/main/resources/canary/default-config.json"),
                                Path.of("../infra/demo/canary/jdk-migration.json")),
                        ApiMatrixTest::judgeRequest));
    }

    /** A judge request around a canary config: 30 points per side for every metric the config names. */
    static String judgeRequest(String config) {
        StringJoiner pairs = new StringJoiner(", ", "[", "]");
        try {
            Random r = new Random(config.length());
            for (JsonNode m : new ObjectMapper().readTree(config).path("metrics")) {
                StringJoiner a = new StringJoiner(", ", "[", "]");
                StringJoiner b = new StringJoiner(", ", "[", "]");
                for (int i = 0; i < 30; i++) {
                    a.add(Double.toString(100 + 10 * r.nextGaussian()));
                    b.add(Double.toString(100 + 10 * r.nextGaussian()));
                }
                pairs.add("{\"name\": "
                        + new ObjectMapper().writeValueAsString(m.path("name").asText()) + ", \"experiment\": " + a
                        + ", \"control\": " + b + "}");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return "{\"config\": " + config + ",\n \"thresholds\": {\"pass\": 95, \"marginal\": 75},\n \"pairs\": " + pairs
                + "}";
    }

    @Override
    protected List<String> stateTables() {
        // not experiment_snapshot and experiment_arm_stats: the scheduler and the stream write them on their own
        return List.of(
                "deployment",
                "deployment_event",
                "judgement",
                "release",
                "experiment",
                "experiment_phase",
                "experiment_history");
    }
}
