package dev.verdict.decisions.api;

import static io.restassured.RestAssured.given;

import dev.verdict.testing.KeycloakResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test helpers: requests as a demo user of the real Keycloak, and bodies of typical requests. */
final class Api {

    private record Token(String value, Instant fetched) {}

    private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();

    private Api() {}

    /** A request with a bearer token of the demo user (viewer, engineer, architect, admin). */
    static RequestSpecification as(String user) {
        Token t = TOKENS.compute(
                user,
                (u, old) -> old != null && old.fetched().isAfter(Instant.now().minusSeconds(60))
                        ? old
                        : new Token(KeycloakResource.accessToken(u), Instant.now()));
        return given().header("Authorization", "Bearer " + t.value()).contentType(ContentType.JSON);
    }

    static Map<String, Object> decision(String title, Object... more) {
        Map<String, Object> m = new HashMap<>();
        m.put("title", title);
        m.put("context", "Why we need to decide: " + title + ".");
        m.put("consideredOptions", List.of("Option A", "Option B"));
        m.put("outcome", "Chosen option: \"Option A\", because it is cheaper.");
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    /** Benchmark evidence for metric cpu-time-per-op ratio(jdk25/jdk17) with the given CI upper bound. */
    static Map<String, Object> benchmark(String subject, String decision, double upper, Instant end) {
        Map<String, Object> m = new HashMap<>();
        m.put("kind", "benchmark");
        m.put("subject", subject);
        if (decision != null) {
            m.put("decision", decision);
        }
        m.put("metric", "cpu-time-per-op");
        m.put("comparison", "ratio(jdk25/jdk17)");
        m.put(
                "provenance",
                Map.of(
                        "producer",
                        "benchmark-harness",
                        "runId",
                        "run-" + upper + "-" + end.getEpochSecond(),
                        "config",
                        Map.of("forks", "5"),
                        "configHash",
                        "abc123",
                        "environment",
                        Map.of("jdkVendor", "Eclipse Adoptium", "jdkVersion", "25.0.1", "cpu", "Xeon", "os", "Linux"),
                        "codeRevision",
                        "9f2c1ab",
                        "windowStart",
                        end.minusSeconds(3600).toString(),
                        "windowEnd",
                        end.toString()));
        m.put(
                "measurements",
                Map.of(
                        "unit",
                        "ns/op",
                        "groups",
                        List.of(
                                Map.of("name", "jdk17", "n", 20, "summary", Map.of("median", 810.0)),
                                Map.of("name", "jdk25", "n", 20, "summary", Map.of("median", 730.0)))));
        m.put(
                "result",
                Map.of(
                        "method",
                        "bootstrap ratio of medians",
                        "estimate",
                        upper - 0.03,
                        "ciLower",
                        upper - 0.06,
                        "ciUpper",
                        upper,
                        "ciLevel",
                        0.95,
                        "baselineN",
                        20,
                        "candidateN",
                        20));
        m.put("gates", List.of(Map.of("name", "steady-state", "passed", true)));
        return m;
    }

    static final String CPU_CRITERION =
            "cpu: benchmark \"cpu-time-per-op\" ratio(jdk25/jdk17) ci.upper <= 0.95 with n >= 10 and gates passed within 30d";
}
