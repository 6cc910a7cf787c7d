package dev.verdict.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON each mapper writes, as a client sees it (plain Jackson, no container). */
class ProblemJsonTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ProblemMappers mappers = new ProblemMappers();

    private JsonNode body(Response r) {
        assertThat(r.getMediaType().toString()).isEqualTo("application/problem+json");
        JsonNode node = json.valueToTree(r.getEntity());
        assertThat(node.get("status").asInt()).isEqualTo(r.getStatus());
        return node;
    }

    @Test
    void minimalProblemHasOnlyTheStandardMembersThatAreSet() throws Exception {
        String s = json.writeValueAsString(Problem.of("not-found", "Not found", 404, "no decision 7"));
        assertThat(s)
                .isEqualTo("{\"type\":\"https://verdict.dev/problems/not-found\",\"title\":\"Not found\","
                        + "\"status\":404,\"detail\":\"no decision 7\"}");
    }

    @Test
    void violationsAndExtensionMembersAreTopLevelJson() {
        Problem p = Problem.of("validation", "Descriptor breaks catalog rules", 422, "2 violation(s)")
                .withViolations(List.of(
                        new Violation("/metadata/name", 15, 9, "must match [a-z0-9-]+", 1),
                        Violation.at("/spec/owner", "is required")))
                .with("document", 1)
                .with("ignored", null);
        JsonNode n = json.valueToTree(p);
        assertThat(n.get("violations")).hasSize(2);
        JsonNode v0 = n.get("violations").get(0);
        assertThat(v0.get("path").asText()).isEqualTo("/metadata/name");
        assertThat(v0.get("line").asInt()).isEqualTo(15);
        assertThat(v0.get("column").asInt()).isEqualTo(9);
        assertThat(v0.get("message").asText()).isEqualTo("must match [a-z0-9-]+");
        assertThat(v0.get("document").asInt()).isEqualTo(1);
        JsonNode v1 = n.get("violations").get(1);
        assertThat(v1.has("line")).isFalse();
        assertThat(v1.has("document")).isFalse();
        assertThat(n.get("document").asInt()).isEqualTo(1);
        assertThat(n.has("ignored")).isFalse();
        assertThat(n.has("members")).isFalse();
    }

    @Test
    void emptyViolationListIsOmitted() {
        JsonNode n = json.valueToTree(Problem.of("invalid", "x", 422, "d").withViolations(List.of()));
        assertThat(n.has("violations")).isFalse();
    }

    @Test
    void standardNamesCannotBeExtensionMembers() {
        assertThatThrownBy(() -> Problem.of("x", "x", 400, "d").with("status", 500))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsBackIntoTheSameRecordIncludingExtensions() throws Exception {
        Problem p = Problem.of("illegal-transition", "Illegal status transition", 409, "proposed -> superseded")
                .with("allowed", List.of("accepted", "rejected"))
                .withViolations(List.of(new Violation("status", null, null, "not allowed")));
        Problem back = json.readValue(json.writeValueAsString(p), Problem.class);
        assertThat(back).isEqualTo(p);
    }

    @Test
    void typedExceptionsCarryStatusSlugAndMembers() {
        JsonNode nf = body(mappers.problem(new NotFoundException("no decision 7")));
        assertThat(nf.get("status").asInt()).isEqualTo(404);
        assertThat(nf.get("type").asText()).isEqualTo("https://verdict.dev/problems/not-found");
        assertThat(nf.get("detail").asText()).isEqualTo("no decision 7");

        JsonNode c = body(mappers.problem(new ConflictException(
                "illegal-transition",
                "Illegal status transition",
                "cannot go from accepted to proposed",
                Map.of("allowed", List.of("deprecated", "superseded")))));
        assertThat(c.get("status").asInt()).isEqualTo(409);
        assertThat(c.get("type").asText()).endsWith("/illegal-transition");
        assertThat(c.get("allowed").get(1).asText()).isEqualTo("superseded");

        JsonNode plainConflict = body(mappers.problem(new ConflictException("managed by a location")));
        assertThat(plainConflict.get("type").asText()).endsWith("/conflict");
        assertThat(plainConflict.get("title").asText()).isEqualTo("Conflict");

        UnprocessableException ue = new UnprocessableException(
                "heading inside a text field", List.of(new Violation("context", 3, null, "remove the '## ' heading")));
        JsonNode u = body(mappers.problem(ue));
        assertThat(u.get("status").asInt()).isEqualTo(422);
        assertThat(u.get("violations").get(0).get("path").asText()).isEqualTo("context");
        assertThat(u.get("violations").get(0).get("line").asInt()).isEqualTo(3);
        assertThat(ue.violations()).hasSize(1);
    }

    @Test
    void frameworkHttpErrorsKeepTheirStatusAndRetryHeaders() {
        Response r405 = mappers.web(new NotAllowedException("GET", new String[] {"HEAD"}));
        JsonNode n = body(r405);
        assertThat(n.get("status").asInt()).isEqualTo(405);
        assertThat(n.get("type").asText()).endsWith("/http-405");
        assertThat(r405.getHeaderString("Allow")).contains("GET");

        JsonNode n415 = body(mappers.web(new NotSupportedException()));
        assertThat(n415.get("status").asInt()).isEqualTo(415);
        assertThat(n415.get("detail").asText()).contains("Content-Type");
    }

    @Test
    void serverSideWebExceptionsAreOpaque500s() {
        JsonNode n = body(mappers.web(new jakarta.ws.rs.InternalServerErrorException("password=hunter2 rejected")));
        assertThat(n.get("status").asInt()).isEqualTo(500);
        assertThat(n.toString()).doesNotContain("hunter2");
    }

    @Test
    void unexpectedFailureLeaksNothingAndCarriesACorrelationId() {
        JsonNode n = body(mappers.unexpected(new IllegalStateException("SELECT * FROM secret_table failed")));
        assertThat(n.get("status").asInt()).isEqualTo(500);
        String id = n.get("correlationId").asText();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(n.get("detail").asText()).contains(id);
        assertThat(n.toString()).doesNotContain("secret_table").doesNotContain("IllegalStateException");
    }

    @Test
    void aValueTheDatabaseCannotStoreIsA422ThatSaysWhichWhileOtherDatabaseFailuresStayOpaque() {
        var nul = new java.sql.SQLException(
                "ERROR: invalid byte sequence for encoding \"UTF8\": 0x00\n  Where: x", "22021");
        JsonNode n = body(mappers.unexpected(new IllegalStateException("commit failed", new RuntimeException(nul))));
        assertThat(n.get("status").asInt()).isEqualTo(422);
        assertThat(n.get("type").asText()).endsWith("/unstorable-value");
        assertThat(n.get("detail").asText())
                .isEqualTo("a value of the request cannot be stored: ERROR: invalid byte sequence for encoding"
                        + " \"UTF8\": 0x00; text must not contain NUL characters (\\u0000)");
        var unique = new java.sql.SQLException("duplicate key value violates unique constraint", "23505");
        assertThat(body(mappers.unexpected(new IllegalStateException(unique)))
                        .get("status")
                        .asInt())
                .isEqualTo(500);
    }

    @Test
    void securityAndArgumentErrors() {
        Response r401 = mappers.unauthorized(new UnauthorizedException());
        assertThat(body(r401).get("status").asInt()).isEqualTo(401);
        assertThat(r401.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(body(mappers.forbidden(new ForbiddenException())).get("type").asText())
                .endsWith("/forbidden");
        JsonNode bad = body(mappers.badArgument(new IllegalArgumentException("limit must be between 1 and 500")));
        assertThat(bad.get("status").asInt()).isEqualTo(400);
        assertThat(bad.get("detail").asText()).isEqualTo("limit must be between 1 and 500");
    }

    record Target(String name, int size) {}

    @Test
    void jacksonTypeErrorsNameTheFieldAsAJsonPointerWithoutJavaTypes() {
        MismatchedInputException e = null;
        try {
            json.readValue("{\"name\": \"a\",\n \"size\": \"big\"}", Target.class);
        } catch (MismatchedInputException m) {
            e = m;
        } catch (JsonProcessingException other) {
            throw new AssertionError(other);
        }
        assertThat(e).isNotNull();
        JsonNode n = body(mappers.mismatchedInput(e));
        assertThat(n.get("status").asInt()).isEqualTo(400);
        JsonNode v = n.get("violations").get(0);
        assertThat(v.get("path").asText()).isEqualTo("/size");
        assertThat(v.get("line").asInt()).isEqualTo(2);
        assertThat(v.get("message").asText()).contains("a number");
        assertThat(n.toString()).doesNotContain("dev.verdict").doesNotContain("java.lang");
    }

    @Test
    void malformedJsonHasLineAndColumn() {
        JsonProcessingException e = null;
        try {
            json.readTree("{\n  \"a\": 1,\n  }");
        } catch (JsonProcessingException p) {
            e = p;
        }
        JsonNode v = body(mappers.json(e)).get("violations").get(0);
        assertThat(v.get("line").asInt()).isEqualTo(3);
        assertThat(v.get("column").asInt()).isEqualTo(3);
        assertThat(v.get("message").asText()).startsWith("malformed JSON");
    }

    @Test
    void tooLargeNamesTheLimit() {
        JsonNode n = body(BodyLimitFilter.tooLarge(1024));
        assertThat(n.get("status").asInt()).isEqualTo(413);
        assertThat(n.get("maxBytes").asLong()).isEqualTo(1024);
    }
}
