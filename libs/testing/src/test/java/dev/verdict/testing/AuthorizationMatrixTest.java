package dev.verdict.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.verdict.testing.AuthorizationMatrix.Caller;
import dev.verdict.testing.AuthorizationMatrix.Operation;
import dev.verdict.testing.AuthorizationMatrix.Outcome;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The matrix engine against a small real HTTP server with known faults: an endpoint open to callers without a
 * token, an ownership check that answers 404 where 403 is due, a refusal that is not problem+json, a 500.
 */
class AuthorizationMatrixTest {

    static final String DOCUMENT = """
            {"paths": {
              "/api/things": {"get": {}, "post": {"requestBody": {"content": {"application/json": {}}}}},
              "/api/things/{id}": {"delete": {"parameters": [{"name": "id", "in": "path",
                                                              "schema": {"type": "integer"}}]}},
              "/test/probe": {"get": {}}}}""";

    static final List<Caller> CALLERS = List.of(
            new Caller("no token", null, false, Set.of(), false),
            new Caller("viewer", "viewer", true, Set.of("viewer"), false),
            new Caller("owner", "owner", true, Set.of("viewer", "engineer"), true),
            new Caller("outsider", "outsider", true, Set.of("viewer", "engineer"), false));

    @Test
    void everyOperationNeedsARowAndEveryRowAnOperation() throws Exception {
        List<Operation> ops = AuthorizationMatrix.operations(new ObjectMapper().readTree(DOCUMENT));
        assertThat(ops)
                .extracting(Operation::method, Operation::path)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("GET", "/api/things"),
                        org.assertj.core.groups.Tuple.tuple("POST", "/api/things"),
                        org.assertj.core.groups.Tuple.tuple("DELETE", "/api/things/{id}"));
        var policy = AuthorizationMatrix.parsePolicy("""
                # comment
                GET    /api/things       viewer
                GET    /api/things       viewer
                DELETE /api/gone/{id}    admin   # removed endpoint
                GET    /q/health         public
                """);
        assertThat(AuthorizationMatrix.coverage(ops, policy))
                .containsExactly(
                        "line 3: GET /api/things repeats line 2",
                        "POST /api/things: no policy row",
                        "DELETE /api/things/{id}: no policy row",
                        "line 4: DELETE /api/gone/{id} is not in the OpenAPI document");
        assertThatThrownBy(() -> AuthorizationMatrix.parsePolicy("GET /api/things everyone"))
                .hasMessageContaining("policy line 1: unknown rule 'everyone'");
        assertThatThrownBy(() -> AuthorizationMatrix.parsePolicy("FETCH /api/things viewer"))
                .hasMessageContaining("policy line 1: expected 'METHOD /path rule'");
    }

    @Test
    void outcomesThatDisagreeWithThePolicyAreFaultsNamingOperationAndCaller() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String who = auth == null ? null : auth.substring("Bearer ".length());
            String route =
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            int status;
            String type = "application/problem+json";
            if (route.equals("GET /api/things")) {
                status = 200; // fault: open without a token
            } else if (who == null) {
                status = 401;
            } else if (route.equals("POST /api/things")) {
                status = who.equals("viewer") ? 403 : who.equals("owner") ? 500 : 201; // faults: 500, outsider 201
                type = who.equals("viewer") ? "text/plain" : type; // fault: a refusal not in the one error format
            } else if (route.equals("DELETE /api/things/987654")) {
                status = who.equals("viewer") ? 403 : who.equals("owner") ? 204 : 404; // fault: 404 for outsider
            } else {
                status = 404;
            }
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, status == 204 ? -1 : body.length);
            if (status != 204) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            var ops = AuthorizationMatrix.operations(new ObjectMapper().readTree(DOCUMENT));
            var policy = AuthorizationMatrix.parsePolicy("""
                    GET    /api/things       viewer
                    POST   /api/things       owner
                    DELETE /api/things/{id}  owner
                    """);
            AuthorizationMatrix.Fixture defaults = new AuthorizationMatrix.Fixture() {
                @Override
                public String parameter(Operation operation, String name) {
                    return null;
                }

                @Override
                public String body(Operation operation, String contentType) {
                    return null;
                }
            };
            List<Outcome> outcomes = AuthorizationMatrix.run(base, ops, policy, CALLERS, defaults);

            assertThat(outcomes).hasSize(12);
            assertThat(outcomes.stream()
                            .filter(o -> o.fault() != null)
                            .map(o -> o.operation().key() + " as " + o.caller().name() + ": " + o.fault()))
                    .containsExactlyInAnyOrder(
                            "GET /api/things as no token: UNEXPECTED SUCCESS 200",
                            "POST /api/things as viewer: refusal is not problem+json: text/plain",
                            "POST /api/things as outsider: UNEXPECTED SUCCESS 201",
                            "POST /api/things as owner: server error 500",
                            "DELETE /api/things/{id} as outsider: expected 403, got 404 (the check comes after"
                                    + " something else)");
            assertThat(outcomes.stream().filter(Outcome::unexpectedSuccess)).hasSize(2);
            // refused callers are sent first, so an admitted write cannot change what they meet
            assertThat(outcomes.stream()
                            .filter(o -> o.operation().method().equals("DELETE"))
                            .map(o -> o.caller().name()))
                    .containsExactly("no token", "viewer", "outsider", "owner");
            assertThat(AuthorizationMatrix.report("things", ops, outcomes))
                    .contains("3 operations (3 from the OpenAPI document) × 4 callers = 12 requests;"
                            + " unexpected successes: 2; other faults: 3");
        } finally {
            server.stop(0);
        }
    }
}
