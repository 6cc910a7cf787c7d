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

/**
 * Puts a demo user into a Keycloak group of the test realm through Keycloak's admin REST API, as catalog-service's
 * group sync does for a catalog Group, so the user's tokens carry the group in their {@code groups} claim.
 */
public final class KeycloakGroups {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakGroups() {}

    public static void join(String user, String group) {
        try {
            String admin = adminToken();
            String base = KeycloakResource.serverUrl() + "/admin/realms/" + KeycloakResource.REALM;
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
