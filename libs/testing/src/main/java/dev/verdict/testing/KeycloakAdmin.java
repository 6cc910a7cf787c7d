package dev.verdict.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The test realm's set-up that the shipped realm file does not have, through Keycloak's admin REST API as the
 * master-realm admin: a demo user in a group (as catalog-service's group sync puts a catalog Group's members, so the
 * user's tokens carry the group in their {@code groups} claim), another user with a realm role, and a public client
 * whose access tokens live a few seconds (for expired-token tests).
 */
public final class KeycloakAdmin {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakAdmin() {}

    public static void join(String user, String group) {
        asAdmin((admin, base) -> {
            JsonNode found = get(admin, base + "/groups?exact=true&search=" + enc(group));
            String groupId = null;
            for (JsonNode g : found) {
                if (g.path("name").asText().equals(group)) {
                    groupId = g.path("id").asText();
                }
            }
            if (groupId == null) {
                send(admin, "POST", base + "/groups", "{\"name\":\"" + group + "\"}");
                groupId = get(admin, base + "/groups?exact=true&search=" + enc(group))
                        .get(0)
                        .path("id")
                        .asText();
            }
            String userId = get(admin, base + "/users?exact=true&username=" + enc(user))
                    .get(0)
                    .path("id")
                    .asText();
            send(admin, "PUT", base + "/users/" + userId + "/groups/" + groupId, "");
        });
    }

    /**
     * A user of the test realm with one realm role and the password {@code <user>-demo}, created unless it exists;
     * e.g. an engineer of no team, for "engineer of another team".
     */
    public static void ensureUser(String user, String realmRole) {
        asAdmin((admin, base) -> {
            if (get(admin, base + "/users?exact=true&username=" + enc(user)).isEmpty()) {
                send(
                        admin,
                        "POST",
                        base + "/users",
                        JSON.writeValueAsString(Map.of(
                                "username",
                                user,
                                "enabled",
                                true,
                                "email",
                                user + "@example.test",
                                "emailVerified",
                                true,
                                "firstName",
                                user,
                                "lastName",
                                "Test",
                                "credentials",
                                List.of(Map.of("type", "password", "value", user + "-demo", "temporary", false)))));
            }
            String userId = get(admin, base + "/users?exact=true&username=" + enc(user))
                    .get(0)
                    .path("id")
                    .asText();
            JsonNode role = get(admin, base + "/roles/" + enc(realmRole));
            send(admin, "POST", base + "/users/" + userId + "/role-mappings/realm", "[" + role + "]");
        });
    }

    /**
     * A public client of the test realm (password grant only) whose access tokens live {@code seconds}, created
     * unless it exists; returns its client id.
     */
    public static String shortLivedClient(String clientId, int seconds) {
        asAdmin((admin, base) -> {
            if (get(admin, base + "/clients?clientId=" + enc(clientId)).isEmpty()) {
                send(
                        admin,
                        "POST",
                        base + "/clients",
                        JSON.writeValueAsString(Map.of(
                                "clientId", clientId,
                                "publicClient", true,
                                "directAccessGrantsEnabled", true,
                                "standardFlowEnabled", false,
                                "attributes", Map.of("access.token.lifespan", Integer.toString(seconds)))));
            }
        });
        return clientId;
    }

    /** Work against the realm's admin API: a master-realm admin token and the realm's admin base URL. */
    @FunctionalInterface
    private interface AdminWork {
        void run(String adminToken, String realmBase) throws IOException, InterruptedException;
    }

    private static void asAdmin(AdminWork work) {
        try {
            work.run(adminToken(), KeycloakResource.serverUrl() + "/admin/realms/" + KeycloakResource.REALM);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String adminToken() throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=admin-cli&username=" + KeycloakResource.ADMIN_USER + "&password="
                + KeycloakResource.ADMIN_PASSWORD;
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(
                                KeycloakResource.serverUrl() + "/realms/master/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("admin token: HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    private static JsonNode get(String token, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static void send(String token, String method, String url, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2 && r.statusCode() != 409) {
            throw new IllegalStateException(method + " " + url + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
