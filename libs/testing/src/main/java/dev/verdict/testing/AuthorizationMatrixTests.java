package dev.verdict.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.runtime.keycloak.KeycloakTokens;
import dev.verdict.testing.AuthorizationMatrix.Caller;
import dev.verdict.testing.AuthorizationMatrix.Operation;
import dev.verdict.testing.AuthorizationMatrix.Outcome;
import dev.verdict.testing.AuthorizationMatrix.PolicyRow;
import io.quarkus.test.common.http.TestHTTPResource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The authorization matrix of one service as tests: its OpenAPI document's operations × the callers below, against
 * the policy table {@code authorization-policy.txt} on the test class path (see {@link AuthorizationMatrix}). A
 * service's {@code AuthorizationMatrixTest} extends this with its Quarkus test annotations and creates, in
 * {@link #prepare()}, the things the {@code owner} rows act on, owned by a team the demo user {@code engineer}
 * belongs to. The counts go to {@code target/authorization-matrix.md}.
 *
 * <p>Callers: no token; an admin's token after it expired (used once before, so a cache has seen it); an admin's
 * claims signed with another key; a viewer's token whose roles were edited to admin; viewer; engineer of the owning
 * team; engineer of another team; architect; admin; each service account of the realm.
 */
public abstract class AuthorizationMatrixTests {

    /** An engineer in no team: "engineer of another team". */
    public static final String OUTSIDER = "engineer-elsewhere";

    private static final String SHORT_LIVED_CLIENT = "authorization-matrix-cli";
    private static final List<String> SERVICE_ACCOUNTS =
            List.of("catalog-service", "deploy-orchestrator", "decision-records", "benchmark-jobs");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI base;

    /** The service's name, for the report. */
    protected abstract String service();

    /**
     * Creates what the operations act on (the owner rows' things owned by a team of {@code engineer}) and says
     * which values and bodies to send.
     */
    protected abstract AuthorizationMatrix.Fixture prepare() throws Exception;

    @Test
    void everyOperationOfTheOpenApiDocumentHasAPolicyRow() throws Exception {
        List<String> faults = AuthorizationMatrix.coverage(AuthorizationMatrix.operations(document()), policy());
        assertTrue(
                faults.isEmpty(),
                () -> "authorization-policy.txt does not match the OpenAPI document:\n  "
                        + String.join("\n  ", faults));
    }

    @Test
    void everyCallerOfEveryOperationGetsWhatThePolicySays() throws Exception {
        List<Operation> operations = AuthorizationMatrix.operations(document());
        List<PolicyRow> policy = policy();
        AuthorizationMatrix.Fixture fixture = prepare();
        List<Outcome> outcomes = AuthorizationMatrix.run(base, operations, policy, callers(), fixture);
        String report = AuthorizationMatrix.report(service(), operations, outcomes);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("authorization-matrix.md"), report);
        }
        System.out.println(report);
        List<String> faults = outcomes.stream()
                .filter(o -> o.fault() != null)
                .map(Outcome::toString)
                .toList();
        assertTrue(!outcomes.isEmpty(), "no request was sent");
        assertTrue(
                faults.isEmpty(),
                () -> faults.size() + " of " + outcomes.size() + " requests disagree with the policy:\n  "
                        + String.join("\n  ", faults));
    }

    /** The kinds of caller, with real tokens of the test Keycloak; roles as the tokens carry them. */
    List<Caller> callers() throws Exception {
        List<Caller> callers = new ArrayList<>();
        callers.add(new Caller("no token", null, false, Set.of(), false));
        callers.add(new Caller("expired token (admin)", expiredAdminToken(), false, Set.of(), false));
        String admin = KeycloakResource.accessToken("admin");
        callers.add(new Caller("forged signature (admin)", resigned(admin), false, Set.of(), false));
        String viewer = KeycloakResource.accessToken("viewer");
        callers.add(new Caller("viewer's token edited to admin", editedToAdmin(viewer), false, Set.of(), false));
        callers.add(person("viewer", viewer, false));
        callers.add(person("engineer of the owning team", KeycloakResource.accessToken("engineer"), true));
        KeycloakAdmin.ensureUser(OUTSIDER, "engineer");
        callers.add(person("engineer of another team", KeycloakResource.accessToken(OUTSIDER), false));
        callers.add(person("architect", KeycloakResource.accessToken("architect"), false));
        callers.add(person("admin", admin, false));
        for (String client : SERVICE_ACCOUNTS) {
            callers.add(person("service account " + client, KeycloakResource.serviceToken(client), false));
        }
        return callers;
    }

    private static Caller person(String name, String token, boolean owner) throws IOException {
        JsonNode claims = JSON.readTree(KeycloakTokens.claimsJson(token));
        Set<String> roles = new HashSet<>();
        claims.path("realm_access").path("roles").forEach(r -> roles.add(r.asText()));
        return new Caller(name, token, true, roles, owner);
    }

    /** An admin's token of a client whose tokens live 2 s, used once while valid, returned once expired. */
    private String expiredAdminToken() throws Exception {
        String client = KeycloakAdmin.shortLivedClient(SHORT_LIVED_CLIENT, 2);
        String token = KeycloakTokens.passwordGrant(KeycloakResource.realmUrl(), client, "admin", "admin-demo");
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(base.resolve("q/openapi?format=json"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the short-lived token was refused while valid: " + r.statusCode());
        }
        long exp = JSON.readTree(KeycloakTokens.claimsJson(token)).path("exp").asLong();
        long waitMs = exp * 1000 - System.currentTimeMillis() + 1500;
        if (waitMs > 0) {
            Thread.sleep(waitMs);
        }
        return token;
    }

    /** The same header and claims, signed RS256 with a key the realm never had. */
    private static String resigned(String token) throws Exception {
        String[] parts = token.split("\\.");
        var keys = KeyPairGenerator.getInstance("RSA");
        keys.initialize(2048);
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(keys.generateKeyPair().getPrivate());
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return parts[0] + "." + parts[1] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
    }

    /** The token's claims with its viewer role changed to admin, and its original signature. */
    private static String editedToAdmin(String token) {
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        if (!claims.contains("\"viewer\"")) {
            throw new IllegalStateException("the viewer's token has no viewer role: " + claims);
        }
        String edited = claims.replace("\"viewer\"", "\"admin\"");
        return parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(edited.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
    }

    private JsonNode document() throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(base.resolve("q/openapi?format=json"))
                        .header("Authorization", "Bearer " + KeycloakResource.accessToken("viewer"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /q/openapi: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private List<PolicyRow> policy() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("authorization-policy.txt")) {
            if (in == null) {
                throw new IllegalStateException(
                        "no authorization-policy.txt on the test class path (src/test/resources)");
            }
            return AuthorizationMatrix.parsePolicy(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
