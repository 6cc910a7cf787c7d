package dev.verdict.deploy;

import static io.restassured.RestAssured.given;

import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.OpenApiContractTests;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** This service's OpenAPI document documents every endpoint and status (libs/testing's OpenApiContract). */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "deploy"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "deploy-orchestrator"))
class OpenApiContractTest extends OpenApiContractTests {

    @Override
    protected String openApiJson() {
        return given().auth()
                .oauth2(KeycloakResource.accessToken("viewer"))
                .queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }
}
