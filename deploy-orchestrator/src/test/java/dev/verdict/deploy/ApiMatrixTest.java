package dev.verdict.deploy;

import static dev.verdict.deploy.deployment.DeployFixture.as;

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
import java.util.List;

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
