package dev.verdict.launcher.load;

import dev.verdict.runtime.keycloak.KeycloakTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fault run's and the soak's HTTP calls to the stack's services, signed in as a demo user. A call to a service that is down
 * answers status 0 (connection refused, reset or timed out) instead of throwing: the run counts those, it does not
 * stop on them. Tokens are fetched again after a minute, well inside the realm's access-token lifespan.
 */
public final class Api {

    /** A response; status 0 when no HTTP response came (the service was down or died during the call). */
    public record Reply(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The first string value of {@code "field"} in the body, or null. */
        public String field(String field) {
            Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
                    .matcher(body);
            return m.find() ? m.group(1) : null;
        }
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final String realm;
    private final String user;
    private String token;
    private long tokenAt;

    public Api(String realm, String user) {
        this.realm = realm;
        this.user = user;
    }

    public synchronized String token() {
        if (token == null || System.nanoTime() - tokenAt > Duration.ofMinutes(1).toNanos()) {
            token = KeycloakTokens.passwordGrant(realm, "verdict-cli", user, user + "-demo");
            tokenAt = System.nanoTime();
        }
        return token;
    }

    public Reply get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), null);
    }

    public Reply post(String url, String contentType, String body) {
        return withBody("POST", url, contentType, body);
    }

    public Reply put(String url, String contentType, String body) {
        return withBody("PUT", url, contentType, body);
    }

    private Reply withBody(String method, String url, String contentType, String body) {
        return send(
                HttpRequest.newBuilder(URI.create(url))
                        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)),
                contentType);
    }

    private Reply send(HttpRequest.Builder b, String contentType) {
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> r = HTTP.send(
                    b.timeout(Duration.ofSeconds(20))
                            .header("Authorization", "Bearer " + token())
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Reply(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, "interrupted");
        }
    }
}
