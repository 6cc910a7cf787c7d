package dev.verdict.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.runtime.keycloak.KeycloakTokens;
import dev.verdict.runtime.secrets.SecretScan;
import dev.verdict.testing.AuthorizationMatrix.Caller;
import dev.verdict.testing.AuthorizationMatrix.Operation;
import dev.verdict.testing.AuthorizationMatrix.Outcome;
import dev.verdict.testing.AuthorizationMatrix.PolicyRow;
import io.quarkus.arc.Arc;
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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The API matrices of one service as tests, over its OpenAPI document's operations:
 *
 * <ul>
 *   <li>authorization: every operation × the callers below, against the policy table {@code authorization-policy.txt}
 *       on the test class path ({@link AuthorizationMatrix}); counts to {@code target/authorization-matrix.md};
 *   <li>bad input: every operation with a body, sent bad bodies by an admin ({@link BadInputMatrix}): never a 5xx,
 *       a rejection is problem+json that says what to fix and changes nothing of {@link #state()}; counts to
 *       {@code target/bad-input-matrix.md};
 *   <li>real files through the endpoints that take them ({@link #realFiles}), unchanged and mutated: read, or
 *       refused in the same form; counts to {@code target/mutated-files-matrix.md}.
 * </ul>
 *
 * A service's {@code ApiMatrixTest} extends this with its Quarkus test annotations and creates, in
 * {@link #prepare(String)}, the things the operations act on (the {@code owner} rows' things owned by a team the demo
 * user {@code engineer} belongs to); each matrix gets things of its own.
 *
 * <p>Callers: no token; an admin's token after it expired (used once before, so a cache has seen it); an admin's
 * claims signed with another key; a viewer's token whose roles were edited to admin; viewer; engineer of the owning
 * team; engineer of another team; architect; admin; each service account of the realm.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class ApiMatrixTests {

    /** An engineer in no team: "engineer of another team". */
    public static final String OUTSIDER = "engineer-elsewhere";

    private static final String SHORT_LIVED_CLIENT = "authorization-matrix-cli";
    private static final List<String> SERVICE_ACCOUNTS =
            List.of("catalog-service", "deploy-orchestrator", "decision-records", "benchmark-jobs");
    /** Seeded mutations of each operation's valid body; the seed is in every failure message. */
    private static final int MUTATIONS = 12;

    private static final long SEED = Long.getLong("verdict.matrix.seed", 20261207L);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI base;

    /** The service's name, for the report. */
    protected abstract String service();

    /**
     * Creates what the operations act on (the owner rows' things owned by a team of {@code engineer}) and says
     * which values and bodies to send; {@code name} ("authz", "input") is unique per matrix, to name things with.
     * A body the fixture gives must be valid: the bad-input matrix mutates it.
     */
    protected abstract AuthorizationMatrix.Fixture prepare(String name) throws Exception;

    /** The domain tables whose row counts a rejected request must leave unchanged. */
    protected abstract List<String> stateTables();

    /** What a rejected request must not change: row counts of {@link #stateTables()}; a service may add to it. */
    protected String state() {
        DataSource ds = Arc.container().select(DataSource.class).get();
        StringBuilder sb = new StringBuilder();
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            for (String table : stateTables()) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    sb.append(table).append('=').append(rs.getLong(1)).append(' ');
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("counting rows of " + stateTables(), e);
        }
        return sb.toString().strip();
    }

    @Test
    @Order(1)
    void everyOperationOfTheOpenApiDocumentHasAPolicyRow() throws Exception {
        List<String> faults = AuthorizationMatrix.coverage(AuthorizationMatrix.operations(document()), policy());
        assertTrue(
                faults.isEmpty(),
                () -> "authorization-policy.txt does not match the OpenAPI document:\n  "
                        + String.join("\n  ", faults));
    }

    @Test
    @Order(2)
    void everyCallerOfEveryOperationGetsWhatThePolicySays() throws Exception {
        List<Operation> operations = AuthorizationMatrix.operations(document());
        List<PolicyRow> policy = policy();
        AuthorizationMatrix.Fixture fixture = prepare("authz");
        List<Outcome> outcomes = AuthorizationMatrix.run(base, operations, policy, callers(), fixture);
        String report = AuthorizationMatrix.report(service(), operations, outcomes);
        publish("authorization-matrix.md", report);
        List<String> faults = new ArrayList<>(outcomes.stream()
                .filter(o -> o.fault() != null)
                .map(Outcome::toString)
                .toList());
        SecretScan scan = SecretScan.ofRealmFile(KeycloakResource.realmFile());
        for (Outcome o : outcomes) {
            faults.addAll(scan.find(o.operation().key() + " as " + o.caller().name() + " answered", o.body()));
        }
        assertTrue(!outcomes.isEmpty(), "no request was sent");
        assertTrue(
                faults.isEmpty(),
                () -> faults.size() + " of " + outcomes.size() + " requests disagree with the policy:\n  "
                        + String.join("\n  ", faults));
    }

    @Test
    @Order(3)
    void badBodiesAreRejectedWithAProblemThatSaysWhatToFixAndChangeNothing() throws Exception {
        JsonNode document = document();
        List<Operation> operations = AuthorizationMatrix.operations(document);
        AuthorizationMatrix.Fixture fixture = prepare("input");
        // the limit libs/problem answers with a problem+json 413, else the HTTP layer's
        var config = ConfigProvider.getConfig();
        long maxBody = config.getOptionalValue("verdict.problem.max-body-bytes", Long.class)
                .orElseGet(() -> BadInputMatrix.parseSize(
                        config.getOptionalValue("quarkus.http.limits.max-body-size", String.class)
                                .orElse("10240K")));
        List<BadInputMatrix.Probe> probes = new ArrayList<>();
        for (Operation op : operations) {
            String type = op.requestContentType();
            if (type != null) {
                probes.addAll(BadInputMatrix.probes(document, op, fixture.body(op, type), maxBody, MUTATIONS, SEED));
            }
        }
        List<BadInputMatrix.Result> results =
                BadInputMatrix.run(base, KeycloakResource.accessToken("admin"), probes, fixture, this::state);
        String report = BadInputMatrix.report(service(), SEED, results);
        publish("bad-input-matrix.md", report);
        List<String> faults = new ArrayList<>(results.stream()
                .filter(r -> r.fault() != null)
                .map(BadInputMatrix.Result::toString)
                .toList());
        SecretScan scan = SecretScan.ofRealmFile(KeycloakResource.realmFile());
        for (BadInputMatrix.Result r : results) {
            faults.addAll(
                    scan.find(r.probe().operation().key() + " [" + r.probe().name() + "] answered", r.body()));
        }
        assertTrue(!results.isEmpty(), "no operation takes a body");
        assertTrue(
                faults.isEmpty(),
                () -> faults.size() + " of " + results.size() + " bad requests were mishandled (seed " + SEED + "):\n  "
                        + String.join("\n  ", faults));
    }

    /**
     * Real files a user sends to one operation ({@code "PUT /api/x/{id}"}), and how a file's text becomes its body
     * before it is mutated (called once per request, so it may make a name unique).
     */
    public record RealFiles(String operation, List<Path> files, UnaryOperator<String> prepare) {
        public RealFiles(String operation, List<Path> files) {
            this(operation, files, UnaryOperator.identity());
        }
    }

    /** Mutants per operation that takes real files. */
    private static final int FILE_MUTANTS = 60;

    /**
     * The operations that take a user's files (catalog YAML, ADR Markdown, experiment definitions, Kayenta configs)
     * and real files of each kind, for {@link #mutatedRealFilesAreReadOrRejectedWithAProblemThatSaysWhatToFix}.
     * The fixture is the one {@link #prepare(String)} made for that test. None by default.
     */
    protected List<RealFiles> realFiles(AuthorizationMatrix.Fixture fixture) throws Exception {
        return List.of();
    }

    /**
     * Real files through the HTTP endpoints, unchanged and mutated as a person, an editor or a broken transfer
     * would ({@link Mutations}): each is read (2xx) or refused with a problem+json that says what to fix, never a
     * 5xx, and a refusal changes nothing of {@link #state()}. Counts to {@code target/mutated-files-matrix.md}.
     */
    @Test
    @Order(4)
    void mutatedRealFilesAreReadOrRejectedWithAProblemThatSaysWhatToFix() throws Exception {
        AuthorizationMatrix.Fixture fixture = prepare("files");
        List<RealFiles> declared = realFiles(fixture);
        Map<String, Operation> byKey = new java.util.HashMap<>();
        AuthorizationMatrix.operations(document()).forEach(op -> byKey.put(op.key(), op));
        List<BadInputMatrix.Probe> probes = new ArrayList<>();
        for (RealFiles rf : declared) {
            Operation op = byKey.get(rf.operation());
            assertTrue(op != null, () -> rf.operation() + " is not an operation of the OpenAPI document");
            assertTrue(!rf.files().isEmpty(), () -> rf.operation() + ": no real files");
            probes.addAll(BadInputMatrix.mutatedFiles(op, rf.files(), rf.prepare(), FILE_MUTANTS, SEED));
        }
        if (probes.isEmpty()) {
            return; // the service takes no files
        }
        List<BadInputMatrix.Result> results =
                BadInputMatrix.run(base, KeycloakResource.accessToken("admin"), probes, fixture, this::state);
        publish("mutated-files-matrix.md", BadInputMatrix.report(service(), SEED, results));
        List<String> faults = results.stream()
                .filter(r -> r.fault() != null)
                .map(BadInputMatrix.Result::toString)
                .toList();
        long accepted = results.stream().filter(r -> r.status() / 100 == 2).count();
        assertTrue(
                faults.isEmpty(),
                () -> faults.size() + " of " + results.size() + " real or mutated files were mishandled (seed " + SEED
                        + "):\n  " + String.join("\n  ", faults));
        // a real file unchanged is what users send most: if none of them is read, the probes prove nothing
        assertTrue(accepted > 0, "not one real file or mutant was accepted: the files or the fixture are wrong");
    }

    /**
     * After the matrices (which sent real, expired and forged tokens to every endpoint): no token, password or
     * client secret in any event on any topic of the test broker, in the service's log so far
     * ({@code target/quarkus-test.log}), or in what {@link #moreTextToScan()} adds.
     */
    @Test
    @Order(100)
    void noCredentialInAnyEventTheLogOrWhatTheServiceKeeps() throws Exception {
        SecretScan scan = SecretScan.ofRealmFile(KeycloakResource.realmFile());
        List<String> findings = new ArrayList<>();
        long[] events = {0};
        TopicReader.everyRecord(TestKafka.get().bootstrapServers(), (topic, key, value) -> {
            events[0]++;
            findings.addAll(scan.find("event on " + topic + " (key " + key + ")", value));
        });
        List<Path> logs = new ArrayList<>();
        findings.addAll(scan.findInFiles(Path.of("target"), "quarkus-test.log", logs));
        Map<String, String> more = moreTextToScan();
        more.forEach((source, text) -> findings.addAll(scan.find(source, text)));
        System.out.printf(
                "%s: scanned %d events, %d log files, %d more sources for tokens and %d known secrets%n",
                service(), events[0], logs.size(), more.size(), scan.knownSecrets());
        assertTrue(!logs.isEmpty(), "no target/quarkus-test.log (%test.quarkus.log.file.*)");
        assertTrue(findings.isEmpty(), () -> "credentials found:\n  " + String.join("\n  ", findings));
    }

    /** Prints a matrix's report and keeps it in {@code target/} (when run from the module). */
    private static void publish(String file, String report) throws IOException {
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve(file), report);
        }
        System.out.println(report);
    }

    /** Further text a service keeps that must hold no credential, by source (e.g. its git history). */
    protected Map<String, String> moreTextToScan() throws Exception {
        return Map.of();
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
