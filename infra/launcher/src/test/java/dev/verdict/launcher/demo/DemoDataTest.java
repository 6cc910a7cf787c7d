package dev.verdict.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher's HTTP logic against a tiny local server standing in for the two services' endpoints (the real
 * services are exercised by {@code ./verdict up}, see the README). Uses the shipped files of {@code infra/demo}.
 */
class DemoDataTest {

    static final Path DEMO = Path.of("../demo");

    HttpServer server;
    String base;
    /** "METHOD path" -> status and body to answer. */
    final Map<String, String[]> answers = new ConcurrentHashMap<>();

    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<String, String> bodies = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String key = ex.getRequestMethod() + " " + ex.getRequestURI();
            calls.add(key + " auth=" + ex.getRequestHeaders().getFirst("Authorization"));
            bodies.merge(key, new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), (a, b) -> a + b);
            String[] a = answers.getOrDefault(key, new String[] {"404", "{\"title\":\"Not Found\",\"status\":404}"});
            byte[] out = a[1].getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("ETag", "\"1\"");
            ex.sendResponseHeaders(Integer.parseInt(a[0]), out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    DemoData loader(AtomicInteger tokenCalls) {
        return new DemoData(DEMO, base, base, () -> {
            tokenCalls.incrementAndGet();
            return "tok";
        });
    }

    @Test
    void disabledOnlyByFalse() {
        assertThat(DemoData.enabled(null)).isTrue();
        assertThat(DemoData.enabled("true")).isTrue();
        assertThat(DemoData.enabled("false")).isFalse();
        assertThat(DemoData.enabled(" FALSE ")).isFalse();
    }

    @Test
    void skipsWhenDataIsAlreadyThere() {
        answers.put("GET /api/entities/by-ref/component/default/payments-api", new String[] {"200", "{}"});
        answers.put(
                "GET /api/decisions?limit=1",
                new String[] {"200", "{\"items\":[{\"id\":\"ADR-0001\"}],\"next\":null}"});

        List<String> lines = loader(new AtomicInteger()).load();

        assertThat(lines).hasSize(2).allMatch(l -> l.contains("skipped"));
        assertThat(calls).noneMatch(c -> c.startsWith("POST") || c.startsWith("PATCH"));
        assertThat(calls).allMatch(c -> c.endsWith("auth=Bearer tok"));
    }

    @Test
    void loadsCatalogAndDecisionsWhenEmpty() throws IOException {
        answers.put("GET /api/decisions?limit=1", new String[] {"200", "{\"items\":[],\"next\":null}"});
        answers.put("POST /api/entities", new String[] {"201", "{}"});
        answers.put("POST /api/import", new String[] {
            "201",
            "{\"dryRun\":false,\"decisions\":["
                    + "{\"id\":\"ADR-0002\",\"title\":\"Run payment services on JDK 25\",\"status\":\"proposed\","
                    + "\"sourcePath\":\"docs/decisions/0002-run-payment-services-on-jdk-25.md\",\"warnings\":[]}]}"
        });

        List<String> lines = loader(new AtomicInteger()).load();

        assertThat(lines.get(0)).startsWith("demo catalog: loaded 16 entities");
        assertThat(lines.get(1)).startsWith("demo decisions: imported 4 ADRs").endsWith("(HTTP 201)");
        String yaml = bodies.get("POST /api/entities");
        assertThat(yaml).contains("kind: Group", "name: payments-api", "kind: Resource");
        String imported = bodies.get("POST /api/import");
        assertThat(imported)
                .startsWith("{\"format\":\"madr\"")
                .contains("docs/decisions/0001-record-architecture" + "-decisions.md");
        // the verdict: block travels inside the imported file (decision-records' importer reads it); no PATCH
        assertThat(imported)
                .contains(
                        "comparison: ratio(jdk25/jdk17)",
                        "min-samples: 10",
                        "require-gates: true",
                        "component:default/payments-api");
        assertThat(calls).noneMatch(c -> c.startsWith("PATCH"));
        assertThat(Files.readString(DEMO.resolve("decisions/0002-run-payment-services-on-jdk-25.md")))
                .contains("comparison: ratio(jdk25/jdk17)");
    }

    @Test
    void failureBecomesAWarningWithStatusAndDetail() {
        answers.put("POST /api/entities", new String[] {
            "422",
            "{\"type\":\"https://verdict.dev/problems/invalid\","
                    + "\"title\":\"Invalid\",\"status\":422,\"detail\":\"spec.owner is required\"}"
        });
        answers.put("GET /api/decisions?limit=1", new String[] {"503", "down"});

        List<String> lines = loader(new AtomicInteger()).load();

        assertThat(lines.get(0))
                .startsWith("WARNING demo catalog not loaded")
                .contains("HTTP 422")
                .contains("spec.owner is required");
        assertThat(lines.get(1)).startsWith("WARNING demo decisions not loaded").contains("HTTP 503");
    }

    @Test
    void noTokenIsAWarningAndNoServiceIsCalled() {
        DemoData d = new DemoData(DEMO, base, base, () -> {
            throw new IllegalStateException("HTTP 401 invalid_grant");
        });
        assertThat(d.load()).singleElement().asString().startsWith("WARNING").contains("401");
        assertThat(calls).isEmpty();
    }

    @Test
    void servicesNotInTheStackAreNotCalled() {
        AtomicInteger tokens = new AtomicInteger();
        DemoData d = new DemoData(DEMO, null, null, () -> {
            tokens.incrementAndGet();
            return "tok";
        });
        assertThat(d.load()).singleElement().asString().contains("nothing to load");
        assertThat(tokens).hasValue(0);
        assertThat(calls).isEmpty();
    }

    @Test
    void firstComponentIsTheIdempotenceMarker() {
        assertThat(DemoData.firstComponent(
                        "kind: Group\nmetadata:\n  name: g\n---\nkind: Component\nmetadata:\n" + "  name: svc-a\n"))
                .contains("svc-a");
    }
}
