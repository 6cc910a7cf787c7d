package dev.verdict.deploy;

import static dev.verdict.deploy.deployment.DeployFixture.as;

import dev.verdict.deploy.deployment.DeployFixture;
import dev.verdict.deploy.deployment.NoBackgroundDriver;
import dev.verdict.testing.AuthorizationMatrix;
import dev.verdict.testing.AuthorizationMatrixTests;
import dev.verdict.testing.KeycloakAdmin;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

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
class AuthorizationMatrixTest extends AuthorizationMatrixTests {

    static final String COMPONENT = "matrix-api";

    @Override
    protected String service() {
        return "deploy-orchestrator";
    }

    @Override
    protected AuthorizationMatrix.Fixture prepare() throws Exception {
        KeycloakAdmin.join("engineer", "payments-team");
        DeployFixture.announce("component:default/" + COMPONENT, "group:default/payments-team");
        String deployment = "{\"component\": \"" + COMPONENT + "\", \"version\": \"1.0.0\", \"artifact\": "
                + DeployFixture.artifactJson() + "}";
        String id = as("engineer")
                .body(deployment)
                .post("/api/deployments")
                .then()
                .statusCode(201)
                .extract()
                .path("summary.id");
        String experiment = experiment("matrix-exp");
        as("engineer").body(experiment).post("/api/experiments").then().statusCode(201);
        return new AuthorizationMatrix.Fixture() {
            @Override
            public String parameter(AuthorizationMatrix.Operation op, String name) {
                return switch (name) {
                    case "id" -> op.path().startsWith("/api/deployments/") ? id : null;
                    case "key" -> "matrix-exp";
                    case "action" -> "abort";
                    default -> null;
                };
            }

            @Override
            public String body(AuthorizationMatrix.Operation op, String contentType) {
                return switch (op.method() + " " + op.path()) {
                    case "POST /api/deployments" -> deployment.replace("1.0.0", "1.0.1");
                    case "POST /api/experiments" -> experiment("matrix-exp-2");
                    default -> null;
                };
            }
        };
    }

    static String experiment(String key) {
        return """
                {"key": "%s", "component": "%s", "hypothesis": "the matrix probe changes nothing",
                 "variations": ["control", "treatment"], "weights": [0.5, 0.5],
                 "metrics": {"primary": "checkout-conversion"}}
                """.formatted(key, COMPONENT);
    }
}
