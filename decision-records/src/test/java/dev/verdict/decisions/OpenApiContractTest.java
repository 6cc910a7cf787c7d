package dev.verdict.decisions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.decisions.api.TopicsResource;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.OpenApiContract;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API's OpenAPI document as clients see it keeps {@link OpenApiContract} (libs/testing). */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "decisions"))
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client-id", value = "decision-records"))
@WithTestResource(TopicsResource.class)
class OpenApiContractTest {

    private static JsonNode document;

    @Test
    void everyEndpointHasASummaryWrittenForIt() throws Exception {
        List<String> offending = OpenApiContract.undocumentedOperations(document());
        assertThat(offending)
                .as("operations without @Operation(summary = \"...\"):%n  %s", String.join("\n  ", offending))
                .isEmpty();
    }

    @Test
    void everyStatusOfEveryEndpointHasADescriptionWrittenForIt() throws Exception {
        List<String> offending = OpenApiContract.undocumentedStatuses(document());
        assertThat(offending)
                .as("operations whose statuses need @APIResponse(responseCode = \"...\", description = \"...\"):%n  %s",
                        String.join("\n  ", offending))
                .isEmpty();
    }

    private static synchronized JsonNode document() throws Exception {
        if (document == null) {
            // /q/openapi is behind the same "authenticated" permission as the API
            String json = given().auth().oauth2(KeycloakResource.accessToken("viewer")).queryParam("format", "json")
                    .get("/q/openapi").then().statusCode(200).extract().asString();
            document = new ObjectMapper().readTree(json);
        }
        return document;
    }
}
