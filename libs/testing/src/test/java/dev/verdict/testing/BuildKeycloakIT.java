package dev.verdict.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.runtime.keycloak.KeycloakTokens;
import dev.verdict.runtime.proc.Processes;
import dev.verdict.testing.internal.BuildKeycloak;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The build's one test Keycloak ({@link BuildKeycloak}), started from the cached keycloak-quarkus-dist with the
 * verdict realm of infra/keycloak: the realm's roles, clients and service accounts as every service's tests rely on
 * them, and the sharing itself (a second acquire reuses the running server and registers this JVM as a user). These
 * checks ran on a Keycloak of their own in libs/runtime before; on the build's server they cost no extra start.
 */
class BuildKeycloakIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String realmUrl;

    @BeforeAll
    static void start() {
        realmUrl = KeycloakResource.realmUrl();
    }

    private static Properties state(Path dir) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve("state.properties"))) {
            p.load(r);
        }
        return p;
    }

    @Test
    void aSecondAcquireReusesTheRunningServerAndRegistersThisJvm() throws Exception {
        Path dir = KeycloakResource.buildDir();
        assumeTrue(dir != null, "this JVM runs a Keycloak of its own (-Dverdict.testing.keycloak.per-jvm=true)");
        Properties before = state(dir);
        long pid = Long.parseLong(before.getProperty("pid"));
        assertThat(Processes.isGroupAlive(pid)).as("the recorded server runs").isTrue();
        assertThat(realmUrl).contains(":" + before.getProperty("http") + "/");

        BuildKeycloak.Ports again = BuildKeycloak.acquire(
                dir, KeycloakResource.realmFile(), KeycloakResource.ADMIN_USER, KeycloakResource.ADMIN_PASSWORD);

        assertThat(again.http()).isEqualTo(Integer.parseInt(before.getProperty("http")));
        assertThat(state(dir).getProperty("pid")).as("not started again").isEqualTo(before.getProperty("pid"));
        assertThat(state(dir).getProperty("started")).isEqualTo(before.getProperty("started"));
        assertThat(dir.resolve("users")
                        .resolve(Long.toString(ProcessHandle.current().pid())))
                .as("this JVM is a user, so the watchdog keeps the server while it lives")
                .exists();
        assertThat(Files.readString(dir.resolve("instance/keycloak.log")))
                .as("the start did not re-augment the cached distribution")
                .doesNotContain("Updating the configuration");
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

    private static JsonNode claims(String jwt) throws Exception {
        return JSON.readTree(KeycloakTokens.claimsJson(jwt));
    }

    private static List<String> roles(JsonNode claims) {
        List<String> roles = new ArrayList<>();
        claims.path("realm_access").path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }
}
