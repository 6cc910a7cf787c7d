package dev.verdict.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The status check on hand-made documents: generated descriptions and missing 2xx are faults, written ones pass. */
class OpenApiContractTest {

    private static JsonNode doc(String json) throws Exception {
        return new ObjectMapper().readTree(json);
    }

    @Test
    void generatedDescriptionsAndMissingSuccessAreListedWithMethodAndPath() throws Exception {
        JsonNode d = doc("""
                {"paths": {
                  "/api/things": {"get": {"responses": {"200": {"description": "OK"},
                                                        "401": {"description": "Not Authorized"}}},
                                  "post": {"responses": {"400": {"description": "a thing needs a name"}}}},
                  "/api/things/{id}": {"parameters": [], "get": {"responses": {"200": {"description": "the thing"},
                                                                              "404": {"description": "no such thing"}}}},
                  "/q/health": {"get": {"responses": {"200": {"description": "OK"}}}}}}""");

        assertEquals(
                java.util.List.of(
                        "GET /api/things: 200 has the generated description \"OK\"; 401 has the generated description"
                                + " \"Not Authorized\"",
                        "POST /api/things: no 2xx response"),
                OpenApiContract.undocumentedStatuses(d));
    }

    @Test
    void aDocumentWithoutApiOperationsIsAFaultItself() throws Exception {
        assertEquals(
                java.util.List.of("the document has no operation under /api/"),
                OpenApiContract.undocumentedStatuses(doc("{\"paths\": {}}")));
    }
}
