package dev.verdict.runtime.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Keycloak (the cached keycloak-quarkus-dist, fetched from Maven Central on first use) with the verdict realm
 * from infra/keycloak, on free ports; one server for the whole class.
 */
class KeycloakServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KeycloakServer server;
    private static String realmUrl;

    @BeforeAll
    static void start() throws Exception {
        Path instance = Path.of("target", "keycloak-it");
        dev.verdict.runtime.files.Trees.delete(instance);
        server = KeycloakServer.builder(KeycloakDistribution.defaults())
                .instanceDir(instance)
                .realmFile(Path.of("..", "..", "infra", "keycloak", "verdict-realm.json"))
                .build()
                .start(Duration.ofMinutes(4));
        realmUrl = server.realmUrl("verdict");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            long pid = server.pid();
            server.stop();
            assertThat(dev.verdict.runtime.proc.Processes.isGroupAlive(pid))
                    .as("process group gone")
                    .isFalse();
        }
    }

    @Test
    void engineerGetsEngineerAndViewerButNotHigherRolesViaTheCliClient() throws Exception {
        JsonNode claims = claims(KeycloakTokens.passwordGrant(realmUrl, "verdict-cli", "engineer", "engineer-demo"));

        assertThat(roles(claims)).contains("engineer", "viewer").doesNotContain("architect", "admin");
        assertThat(claims.get("iss").asText()).isEqualTo(realmUrl);
        assertThat(claims.get("preferred_username").asText()).isEqualTo("engineer");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(900);
        assertThat(claims.get("aud").toString()).contains("catalog-service", "decision-records");
    }

    @Test
    void compositeRolesGiveAdminEveryRoleAndViewerOnlyViewer() throws Exception {
        assertThat(roles(claims(KeycloakTokens.passwordGrant(realmUrl, "verdict-cli", "admin", "admin-demo"))))
                .contains("viewer", "engineer", "architect", "admin");
        assertThat(roles(claims(KeycloakTokens.passwordGrant(realmUrl, "verdict-cli", "architect", "architect-demo"))))
                .contains("viewer", "engineer", "architect")
                .doesNotContain("admin");
        assertThat(roles(claims(KeycloakTokens.passwordGrant(realmUrl, "verdict-cli", "viewer", "viewer-demo"))))
                .contains("viewer")
                .doesNotContain("engineer", "architect", "admin");
    }

    /** Concurrent logins of one user all succeed (Keycloak's brute-force detector refused all but one, CI stop 30). */
    @Test
    void concurrentLoginsOfOneUserAllSucceed() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> tokens = new java.util.ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 8; i++) {
                    tokens.add(pool.submit(() ->
                            KeycloakTokens.passwordGrant(realmUrl, "verdict-cli", "architect", "architect-demo")));
                }
            }
            for (var t : tokens) {
                assertThat(claims(t.get()).path("preferred_username").asText()).isEqualTo("architect");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void wrongPasswordIsRejected() {
        assertThatThrownBy(() -> KeycloakTokens.passwordGrant(realmUrl, "verdict-cli", "engineer", "nope"))
                .hasMessageContaining("401");
    }

    @Test
    void portalClientDoesNotAllowThePasswordGrant() {
        assertThatThrownBy(() -> KeycloakTokens.passwordGrant(realmUrl, "verdict-portal", "engineer", "engineer-demo"))
                .hasMessageContaining("unauthorized_client");
    }

    @Test
    void serviceClientsHaveServiceAccountsWithTheirRoles() throws Exception {
        assertThat(roles(claims(KeycloakTokens.clientCredentials(realmUrl, "benchmark-jobs", "benchmark-jobs-secret"))))
                .contains("engineer", "viewer")
                .doesNotContain("architect");
        assertThat(roles(claims(
                        KeycloakTokens.clientCredentials(realmUrl, "catalog-service", "catalog-service-secret"))))
                .contains("viewer")
                .doesNotContain("engineer");
        JsonNode catalog =
                claims(KeycloakTokens.clientCredentials(realmUrl, "catalog-service", "catalog-service-secret"));
        assertThat(catalog.path("resource_access")
                        .path("realm-management")
                        .path("roles")
                        .toString())
                .as("catalog reads groups through the admin API")
                .contains("query-groups", "view-users");
        assertThatThrownBy(() -> KeycloakTokens.clientCredentials(realmUrl, "catalog-service", "wrong"))
                .hasMessageContaining("401");
    }

    @Test
    void startDidNotReaugmentTheCachedDistribution() throws Exception {
        assertThat(Files.readString(server.logFile())).doesNotContain("Updating the configuration");
    }

    private static JsonNode claims(String jwt) throws Exception {
        return JSON.readTree(KeycloakTokens.claimsJson(jwt));
    }

    private static List<String> roles(JsonNode claims) {
        List<String> roles = new ArrayList<>();
        claims.path("realm_access").path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }
}
