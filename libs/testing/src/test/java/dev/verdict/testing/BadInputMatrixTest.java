package dev.verdict.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.testing.AuthorizationMatrix.Operation;
import dev.verdict.testing.BadInputMatrix.Probe;
import dev.verdict.testing.BadInputMatrix.Result;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bad-input probes are seeded and cover each kind; a result's verdict follows the rules of the matrix. */
class BadInputMatrixTest {

    static final String DOCUMENT = """
            {"paths": {"/api/things": {"post": {"requestBody": {"content": {"application/json": {
                 "schema": {"$ref": "#/components/schemas/Thing"}}}}}}},
             "components": {"schemas": {"Thing": {"type": "object", "properties": {
                 "name": {"type": "string"}, "size": {"type": "integer"},
                 "kind": {"type": "string", "enum": ["small", "large"]},
                 "tags": {"type": "array", "items": {"type": "string"}}}}}}}""";

    static JsonNode document() throws Exception {
        return new ObjectMapper().readTree(DOCUMENT);
    }

    static Operation post() throws Exception {
        return AuthorizationMatrix.operations(document()).get(0);
    }

    @Test
    void probesAreTheSameForTheSameSeedAndAnExampleIsBuiltFromTheSchema() throws Exception {
        List<Probe> a = BadInputMatrix.probes(document(), post(), null, 1000, 12, 7);
        List<Probe> b = BadInputMatrix.probes(document(), post(), null, 1000, 12, 7);
        List<Probe> c = BadInputMatrix.probes(document(), post(), null, 1000, 12, 8);
        assertThat(a)
                .extracting(Probe::name)
                .isEqualTo(b.stream().map(Probe::name).toList());
        assertThat(a)
                .extracting(Probe::name)
                .isNotEqualTo(c.stream().map(Probe::name).toList());
        assertThat(a)
                .extracting(Probe::name)
                .contains(
                        "empty body",
                        "malformed JSON",
                        "JSON null",
                        "invalid UTF-8",
                        "nested 100000 deep",
                        "wrong content type (form)",
                        "oversized (1001 bytes)");
        assertThat(a.stream().filter(p -> p.name().startsWith("mutation "))).hasSize(12);
        Probe oversized = a.stream()
                .filter(p -> p.name().startsWith("oversized"))
                .findFirst()
                .orElseThrow();
        assertThat(oversized.body().length).isGreaterThan(1000);
        assertThat(new ObjectMapper().readTree(oversized.body()).path("filler").asText())
                .hasSize(1001);
        assertThat(BadInputMatrix.exampleOf(
                                document(),
                                post().spec()
                                        .path("requestBody")
                                        .path("content")
                                        .path("application/json")
                                        .path("schema"),
                                0)
                        .toString())
                .isEqualTo("{\"name\":\"matrix\",\"size\":1,\"kind\":\"small\",\"tags\":[\"matrix\"]}");
        // every mutation changes the example
        for (Probe p : a) {
            if (p.name().startsWith("mutation ")) {
                assertThat(new String(p.body(), StandardCharsets.UTF_8))
                        .isNotEqualTo("{\"name\":\"matrix\",\"size\":1,\"kind\":\"small\",\"tags\":[\"matrix\"]}");
            }
        }
    }

    @Test
    void aResultIsAFaultOnA5xxAnAcceptedBadBodyAVagueOrNonProblemRejectionAndAChangedState() throws Exception {
        Operation op = post();
        Probe bad = new Probe(op, "malformed JSON", "application/json", new byte[0], false);
        Probe mutation = new Probe(op, "mutation 1: removed /name", "application/json", new byte[0], true);
        String problem = "{\"status\": 400, \"detail\": \"the body is not JSON: line 1, column 3\"}";
        String pj = "application/problem+json";

        assertThat(new Result(bad, 400, pj, problem, "n=1", "n=1").fault()).isNull();
        assertThat(new Result(mutation, 201, "application/json", "{}", "n=1", "n=2").fault())
                .isNull();
        assertThat(new Result(bad, 500, pj, problem, "n=1", "n=1").fault()).isEqualTo("server error 500");
        assertThat(new Result(bad, 200, "application/json", "{}", "n=1", "n=1").fault())
                .isEqualTo("accepted (200)");
        assertThat(new Result(bad, 400, "text/html", "<html>", "n=1", "n=1").fault())
                .startsWith("the rejection is not problem+json");
        assertThat(new Result(bad, 400, pj, "{\"detail\": \"bad\"}", "n=1", "n=1").fault())
                .startsWith("the rejection does not say what to fix");
        assertThat(new Result(bad, 422, pj, problem, "n=1", "n=2").fault())
                .isEqualTo("rejected, but the state changed: n=1 -> n=2");
        assertThat(new Result(bad, -1, null, "java.io.IOException", "n=1", "n=1").fault())
                .isEqualTo("no answer: the connection was closed, or nothing came within 90 s");
        assertThat(BadInputMatrix.parseSize("4M")).isEqualTo(4L * 1024 * 1024);
        assertThat(BadInputMatrix.parseSize("512k")).isEqualTo(512L * 1024);
        assertThat(BadInputMatrix.parseSize("1000")).isEqualTo(1000L);
    }
}
