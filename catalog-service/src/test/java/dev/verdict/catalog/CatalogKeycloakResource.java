package dev.verdict.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.launcher.keycloak.KeycloakDistribution;
import dev.verdict.launcher.keycloak.KeycloakServer;
import dev.verdict.launcher.keycloak.KeycloakTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real Keycloak (the launcher's server code, as libs/testing's KeycloakResource) with the platform realm
 * {@code infra/keycloak/verdict-realm.json} plus one grant the Keycloak group sync needs: the realm-management roles
 * {@code manage-users}, {@code view-users}, {@code query-groups} for the catalog-service service account. The
 * platform file is not changed; a copy with the grant is imported. One server per test JVM.
 */
public class CatalogKeycloakResource implements QuarkusTestResourceLifecycleManager {

    private static final String PORT_PROPERTY = "verdict.catalog.test.keycloak-port";

    @Override
    public Map<String, String> start() {
        String base = baseUrl();
        return Map.of(
                "quarkus.oidc.auth-server-url", base + "/realms/verdict",
                "verdict.catalog.keycloak.server-url", base,
                "verdict.catalog.keycloak.client-id", "catalog-service",
                "verdict.catalog.keycloak.client-secret", "catalog-service-secret"); // demo-only secret of the realm
    }

    @Override
    public void stop() {
        // the server lives as long as the JVM (shutdown hook), so every test class reuses it
    }

    public static String realmUrl() {
        return baseUrl() + "/realms/verdict";
    }

    /** Access token of a demo user (password {@code <user>-demo}) via the public verdict-cli client. */
    public static String token(String demoUser) {
        return KeycloakTokens.passwordGrant(realmUrl(), "verdict-cli", demoUser, demoUser + "-demo");
    }

    static String baseUrl() {
        synchronized (System.getProperties()) { // Quarkus may load this class in several class loaders
            String port = System.getProperty(PORT_PROPERTY);
            if (port == null) {
                Path instance = Path.of("target", "catalog-keycloak-" + ProcessHandle.current().pid()).toAbsolutePath();
                KeycloakServer server = KeycloakServer.builder(KeycloakDistribution.defaults())
                        .instanceDir(instance).realmFile(realmWithSyncRoles(instance)).build()
                        .start(Duration.ofMinutes(4));
                port = Integer.toString(server.httpPort());
                System.setProperty(PORT_PROPERTY, port);
            }
            return "http://localhost:" + port;
        }
    }

    private static Path realmWithSyncRoles(Path instance) {
        Path source = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("infra/keycloak/verdict-realm.json"))) {
                source = dir.resolve("infra/keycloak/verdict-realm.json");
                break;
            }
        }
        if (source == null) {
            throw new IllegalStateException("infra/keycloak/verdict-realm.json not found above " + Path.of("").toAbsolutePath());
        }
        try {
            ObjectMapper json = new ObjectMapper();
            ObjectNode realm = (ObjectNode) json.readTree(source.toFile());
            boolean found = false;
            for (var user : realm.withArray("users")) {
                if ("service-account-catalog-service".equals(user.path("username").asText())) {
                    ArrayNode roles = ((ObjectNode) user).withObjectProperty("clientRoles").putArray("realm-management");
                    roles.add("manage-users").add("view-users").add("query-groups");
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalStateException("the realm has no service-account-catalog-service user");
            }
            Files.createDirectories(instance);
            Path copy = instance.resolve("verdict-realm.json");
            json.writeValue(copy.toFile(), realm);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
