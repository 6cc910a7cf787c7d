package dev.verdict.ui.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * REST calls to one Verdict service with the signed-in user's access token, so every rule of the service holds for
 * what the portal shows and does; the portal has no other way in. JSON in and out; an error answer is a
 * {@link ServiceException} with the service's problem detail.
 */
public final class ServiceClient {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final URI base;
    private final Duration timeout;
    private final Supplier<String> token;
    private final ObjectMapper json;

    /** {@code token}: the user's current access token, asked for at every call (it is refreshed as it expires). */
    public ServiceClient(String name, String baseUrl, Duration timeout, Supplier<String> token, ObjectMapper json) {
        this.name = name;
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.timeout = timeout;
        this.token = token;
        this.json = json;
    }

    public String name() {
        return name;
    }

    public JsonNode get(String path) {
        return send("GET", path, null, null);
    }

    public JsonNode get(String path, Map<String, ?> query) {
        return send("GET", path + query(query), null, null);
    }

    /** A text answer (e.g. {@code text/markdown}) as it is. */
    public String getText(String path, String accept) {
        HttpRequest r = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .timeout(timeout)
                .header("Accept", accept)
                .header("Authorization", "Bearer " + token.get())
                .GET()
                .build();
        HttpResponse<String> got;
        try {
            got = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ServiceException(name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException(name, e);
        }
        if (got.statusCode() >= 400) {
            throw new ServiceException(name, got.statusCode(), parse(got.body()));
        }
        return got.body();
    }

    public JsonNode postJson(String path, Object body) {
        try {
            return send("POST", path, "application/json", json.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public JsonNode post(String path, String contentType, String body) {
        return send("POST", path, contentType, body);
    }

    /** {@code ?a=1&b=x} of the non-null, non-blank values, URL-encoded; empty when there are none. */
    public static String query(Map<String, ?> query) {
        StringJoiner q = new StringJoiner("&", "?", "");
        q.setEmptyValue("");
        query.forEach((k, v) -> {
            if (v != null && !v.toString().isBlank()) {
                q.add(k + "=" + URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
            }
        });
        return q.toString();
    }

    private JsonNode send(String method, String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token.get());
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> r;
        try {
            r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ServiceException(name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException(name, e);
        }
        JsonNode node = parse(r.body());
        if (r.statusCode() >= 400) {
            throw new ServiceException(name, r.statusCode(), node);
        }
        return node;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return json.nullNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(body);
        }
    }
}
