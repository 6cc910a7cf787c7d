package dev.verdict.ui.views;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.verdict.ui.client.Services;
import dev.verdict.ui.security.CurrentUser;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * For browserless view tests: an HTTP server on loopback that answers the portal's REST calls the way a service's
 * contract says it answers them (status, problem+json or JSON the test gives per path) and records every request
 * (method, path with query, body, bearer token), so a test asserts both what the page shows and what it asked for.
 * The real services are exercised by {@code browser/PortalIT}; this isolates one page's logic.
 */
final class ServiceRecorder implements AutoCloseable {

    record Request(String method, String pathAndQuery, String body, String authorization) {}

    record Answer(int status, String contentType, String body) {
        static Answer json(String body) {
            return new Answer(200, "application/json", body);
        }

        static Answer problem(int status, String body) {
            return new Answer(status, "application/problem+json", body);
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();
    private final HttpServer server;

    ServiceRecorder() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request r = new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    body,
                    exchange.getRequestHeaders().getFirst("Authorization"));
            requests.add(r);
            Function<Request, Answer> route =
                    routes.get(r.method() + " " + exchange.getRequestURI().getPath());
            Answer a = route == null
                    ? Answer.problem(
                            404, "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no route in the test\"}")
                    : route.apply(r);
            byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", a.contentType());
            exchange.sendResponseHeaders(a.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    ServiceRecorder on(String methodAndPath, Function<Request, Answer> answer) {
        routes.put(methodAndPath, answer);
        return this;
    }

    /** The three services at this one address, called with a fixed token. */
    Services services() {
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return new Services(url, url, url, Duration.ofSeconds(5), () -> "view-test-token", new ObjectMapper());
    }

    static CurrentUser user(String name, String... roles) {
        return new CurrentUser(() -> QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(name))
                .addRoles(Set.of(roles))
                .build());
    }

    List<Request> requests(String pathPrefix) {
        return requests.stream()
                .filter(r -> r.pathAndQuery().startsWith(pathPrefix))
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
