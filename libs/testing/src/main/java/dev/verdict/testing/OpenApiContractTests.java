package dev.verdict.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two {@link OpenApiContract} checks as tests: a service's {@code OpenApiContractTest} extends this with its
 * Quarkus test annotations and says how to fetch its document.
 */
public abstract class OpenApiContractTests {

    private JsonNode document;

    /** {@code /q/openapi?format=json} of the service under test, fetched as a caller it admits. */
    protected abstract String openApiJson();

    @Test
    void everyEndpointHasASummaryWrittenForIt() throws Exception {
        List<String> offending = OpenApiContract.undocumentedOperations(document());
        assertTrue(
                offending.isEmpty(),
                () -> "operations without @Operation(summary = \"...\"):\n  " + String.join("\n  ", offending));
    }

    @Test
    void everyStatusOfEveryEndpointHasADescriptionWrittenForIt() throws Exception {
        List<String> offending = OpenApiContract.undocumentedStatuses(document());
        assertTrue(
                offending.isEmpty(),
                () -> "operations whose statuses need @APIResponse(responseCode = \"...\","
                        + " description = \"...\"):\n  " + String.join("\n  ", offending));
    }

    private JsonNode document() throws Exception {
        if (document == null) {
            document = new ObjectMapper().readTree(openApiJson());
        }
        return document;
    }
}
