package dev.verdict.testing;

import dev.verdict.runtime.keycloak.KeycloakDistribution;
import dev.verdict.runtime.keycloak.KeycloakServer;
import dev.verdict.runtime.keycloak.KeycloakTokens;
import dev.verdict.runtime.proc.Health;
import dev.verdict.testing.internal.BuildKeycloak;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource: a real Keycloak (keycloak-quarkus-dist from the Maven local repository / Central, see
 * libs/runtime) with the {@code verdict} realm of {@code infra/keycloak/verdict-realm.json}, on free ports, one
 * per build of the working copy ({@link BuildKeycloak}: started by the first test JVM that needs it, reused by the
 * later ones) and reused by every test class. Returns {@code quarkus.oidc.auth-server-url}; with
 * {@code @ResourceArg(name = "client-id", value = "catalog-service")} also the client id and its demo secret.
 *
 * <p>Tokens for tests: {@link #accessToken(String)} ("engineer", "architect", ... with their demo passwords),
 * {@link #token(String, String)}, {@link #serviceToken(String)}. The server has a master-realm admin
 * ({@link #ADMIN_USER} / {@link #ADMIN_PASSWORD}) for tests that need realm settings the shipped realm lacks
 * (e.g. a client with a short token lifespan).
 *
 * <p>The running server is recorded in system properties, not static fields: Quarkus loads test resources in
 * class loaders of its own (a new one per application restart), and a static field would start a second server.
 */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {

    public static final String REALM = "verdict";
    public static final String CLI_CLIENT = "verdict-cli";
    public static final String CLIENT_ID_ARG = "client-id";
    /** Master-realm bootstrap admin of the test server (random ports, test JVM only): for tests that change realm settings. */
    public static final String ADMIN_USER = "admin";

    public static final String ADMIN_PASSWORD = "admin";

    /** Realm file override; otherwise found by walking up from the working directory, then the launcher's copy. */
    public static final String REALM_FILE_PROPERTY = "verdict.keycloak.realm-file";

    private static final String HTTP_PORT = "verdict.testing.keycloak.http-port";
    private static final String MANAGEMENT_PORT = "verdict.testing.keycloak.management-port";

    private String clientId;

    @Override
    public void init(Map<String, String> initArgs) {
        clientId = initArgs.get(CLIENT_ID_ARG);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.oidc.auth-server-url", realmUrl());
        if (clientId != null) {
            config.put("quarkus.oidc.client-id", clientId);
            config.put("quarkus.oidc.credentials.secret", clientId + "-secret"); // demo-only secrets of the realm
        }
        return config;
    }

    @Override
    public void stop() {
        // Nothing: the server lives as long as the JVM (shutdown hook), so later test classes reuse it.
    }

    /** http://localhost:PORT/realms/verdict of the JVM's Keycloak, starting it on first use. */
    public static String realmUrl() {
        return "http://localhost:" + ensureStarted() + "/realms/" + REALM;
    }

    /** An access token of a demo user (password {@code <user>-demo}), e.g. {@code accessToken("engineer")}. */
    public static String accessToken(String demoUser) {
        return token(demoUser, demoUser + "-demo");
    }

    /** Password grant on the public {@code verdict-cli} client. */
    public static String token(String user, String password) {
        return KeycloakTokens.passwordGrant(realmUrl(), CLI_CLIENT, user, password);
    }

    /** Client-credentials token of a service client (catalog-service, benchmark-jobs, ...) with its demo secret. */
    public static String serviceToken(String clientId) {
        return KeycloakTokens.clientCredentials(realmUrl(), clientId, clientId + "-secret");
    }

    /** The server's base URL (before {@code /realms/}), e.g. for keycloak-admin-client with {@link #ADMIN_USER}. */
    public static String serverUrl() {
        return "http://localhost:" + ensureStarted();
    }

    /** Starts the server unless this JVM already has a healthy one; returns its HTTP port. */
    private static int ensureStarted() {
        synchronized (System.getProperties()) { // one monitor for every class loader of the JVM
            String port = System.getProperty(HTTP_PORT);
            if (port != null
                    && Health.httpOk("http://localhost:" + System.getProperty(MANAGEMENT_PORT) + "/health/ready")) {
                return Integer.parseInt(port);
            }
            Path shared = buildDir();
            if (shared != null) {
                BuildKeycloak.Ports ports =
                        BuildKeycloak.acquire(shared, realmFile(shared.resolve("realm")), ADMIN_USER, ADMIN_PASSWORD);
                System.setProperty(HTTP_PORT, Integer.toString(ports.http()));
                System.setProperty(MANAGEMENT_PORT, Integer.toString(ports.management()));
                return ports.http();
            }
            Path target = Files.isDirectory(Path.of("target"))
                    ? Path.of("target")
                    : Path.of(System.getProperty("java.io.tmpdir"));
            Path instance =
                    target.resolve("verdict-keycloak-" + ProcessHandle.current().pid());
            KeycloakServer server = KeycloakServer.builder(KeycloakDistribution.defaults())
                    .instanceDir(instance)
                    .realmFile(realmFile(instance))
                    .bootstrapAdmin(ADMIN_USER, ADMIN_PASSWORD)
                    .build()
                    .start(Duration.ofMinutes(4));
            System.setProperty(HTTP_PORT, Integer.toString(server.httpPort()));
            System.setProperty(MANAGEMENT_PORT, Integer.toString(server.managementPort()));
            return server.httpPort();
        }
    }

    /**
     * {@code target/test-keycloak} of the working copy this JVM runs in (found by walking up to the directory with
     * {@code infra/keycloak/verdict-realm.json} and a {@code pom.xml}), where the build's one Keycloak lives
     * ({@link BuildKeycloak}); null outside a working copy, or with {@code -Dverdict.testing.keycloak.per-jvm=true},
     * for a server of this JVM alone.
     */
    static Path buildDir() {
        if (Boolean.getBoolean("verdict.testing.keycloak.per-jvm")) {
            return null;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("infra/keycloak/verdict-realm.json"))
                    && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve("target/test-keycloak");
            }
        }
        return null;
    }

    /** The realm file the test server imports (see {@link #REALM_FILE_PROPERTY}); outside the repository a copy. */
    public static Path realmFile() {
        // the directory is created only for the packaged copy, outside the repository
        return realmFile(Path.of(
                System.getProperty("java.io.tmpdir"),
                "verdict-realm-" + ProcessHandle.current().pid()));
    }

    private static Path realmFile(Path instance) {
        String explicit = System.getProperty(REALM_FILE_PROPERTY);
        if (explicit != null) {
            return Path.of(explicit);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("infra/keycloak/verdict-realm.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        // outside the repository: the copy packaged into this jar
        try (InputStream in = KeycloakResource.class.getResourceAsStream("verdict-realm.json")) {
            if (in == null) {
                throw new IllegalStateException("no verdict-realm.json: set -D" + REALM_FILE_PROPERTY);
            }
            Files.createDirectories(instance);
            Path copy = instance.resolve("verdict-realm.json");
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
