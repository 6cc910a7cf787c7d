package dev.verdict.launcher.soak;

import dev.verdict.launcher.load.Api;
import dev.verdict.launcher.stack.StackException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A signed-in portal user as a browser holds one: the OIDC code flow through Keycloak's own login page (the portal
 * redirects, the login form is posted, Keycloak redirects back with a code, the portal sets its session cookie),
 * then page loads with that cookie. A page that lands anywhere but the portal (the login page again) is an error:
 * the session was lost.
 */
final class PortalSession {

    private static final Pattern LOGIN_FORM =
            Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"", Pattern.DOTALL);

    private final String portal;
    private final HttpClient http;

    private PortalSession(String portal, HttpClient http) {
        this.portal = portal;
        this.http = http;
    }

    static PortalSession signIn(String portal, String user, String password) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new LoopbackCookies())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create(portal + "/")).GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher form = LOGIN_FORM.matcher(login.body());
        if (!form.find()) {
            throw new StackException("the portal at " + portal + " did not lead to Keycloak's login form (HTTP "
                    + login.statusCode() + " at " + login.uri() + ")");
        }
        String action = form.group(1).replace("&amp;", "&");
        String body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId=";
        HttpResponse<String> in = http.send(
                HttpRequest.newBuilder(URI.create(action))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        PortalSession s = new PortalSession(portal, http);
        if (!s.atPortal(in)) {
            throw new StackException(
                    "signing in to the portal as " + user + " failed: HTTP " + in.statusCode() + " at " + in.uri());
        }
        return s;
    }

    /** A page of the portal, e.g. {@code /decisions}; status 0 when it did not answer or the session was lost. */
    Api.Reply get(String path) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(portal + path))
                            .timeout(Duration.ofSeconds(20))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return atPortal(r)
                    ? new Api.Reply(r.statusCode(), r.body())
                    : new Api.Reply(0, "session lost: landed at " + r.uri() + " (HTTP " + r.statusCode() + ")");
        } catch (IOException e) {
            return new Api.Reply(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Api.Reply(0, "interrupted");
        }
    }

    private boolean atPortal(HttpResponse<String> r) {
        return r.statusCode() == 200
                && r.uri().toString().startsWith(portal)
                && !LOGIN_FORM.matcher(r.body()).find();
    }
}
