package dev.verdict.plugin.process.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.plugin.Scope;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The router in front of real HTTP servers, driven over real HTTP. */
class WeightedRouterTest {

    static Vertx backends;
    static InetSocketAddress stable;
    static InetSocketAddress baseline;
    static InetSocketAddress canary;
    static InetSocketAddress failing;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startBackends() throws Exception {
        backends = Vertx.vertx();
        stable = serve("stable", 200);
        baseline = serve("baseline", 200);
        canary = serve("canary", 200);
        failing = serve("failing", 500);
    }

    @AfterAll
    static void stopBackends() throws Exception {
        backends.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static InetSocketAddress serve(String name, int status) throws Exception {
        HttpServer s = backends.createHttpServer()
                .requestHandler(r -> r.response().setStatusCode(status).end(name))
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        return new InetSocketAddress("127.0.0.1", s.actualPort());
    }

    static Map<String, Integer> send(WeightedRouter router, int n) throws Exception {
        Map<String, Integer> seen = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.port() + "/pay"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            seen.merge(r.statusCode() == 502 ? "502" : r.body(), 1, Integer::sum);
        }
        return seen;
    }

    static Map<Scope, Integer> weights(int stableW, int baselineW, int canaryW) {
        Map<Scope, Integer> w = new EnumMap<>(Scope.class);
        w.put(Scope.STABLE, stableW);
        w.put(Scope.BASELINE, baselineW);
        w.put(Scope.CANARY, canaryW);
        return w;
    }

    @Test
    void realTrafficFollowsTheSplitExactlyAndANewSplitHoldsFromTheNextRequest() throws Exception {
        RouterRecords records = new RouterRecords(Duration.ofHours(1), 10, Clock.systemUTC());
        Instant from = Instant.now();
        try (WeightedRouter router = WeightedRouter.start("127.0.0.1", 0, records)) {
            Map<Scope, List<InetSocketAddress>> all = Map.of(
                    Scope.STABLE, List.of(stable), Scope.BASELINE, List.of(baseline), Scope.CANARY, List.of(canary));
            router.route(new Routes(all, weights(80, 10, 10)));
            assertThat(send(router, 200))
                    .containsExactly(Map.entry("baseline", 20), Map.entry("canary", 20), Map.entry("stable", 160));
            // roll back: no canary request after the call returns
            router.route(new Routes(all, weights(100, 0, 0)));
            assertThat(send(router, 50)).containsExactly(Map.entry("stable", 50));
        }
        Instant to = Instant.now().plus(Duration.ofHours(2));
        long stableRequests = records.window(Scope.STABLE, from.minus(Duration.ofHours(1)), to).stream()
                .mapToLong(IntervalRecord::requests)
                .sum();
        long canaryRequests = records.window(Scope.CANARY, from.minus(Duration.ofHours(1)), to).stream()
                .mapToLong(IntervalRecord::requests)
                .sum();
        assertThat(stableRequests).isEqualTo(210);
        assertThat(canaryRequests).isEqualTo(20);
        IntervalRecord r = records.window(Scope.CANARY, from.minus(Duration.ofHours(1)), to).stream()
                .filter(x -> x.requests() > 0)
                .findFirst()
                .orElseThrow();
        assertThat(r.status2xx()).isEqualTo(20);
        assertThat(r.latencyMicros().getTotalCount()).isEqualTo(20);
        assertThat(r.latencyMillis(99)).isPositive().isLessThan(5_000);
    }

    @Test
    void errorsAndUnreachableInstancesAreRecordedAsTheirScopesFiveHundreds() throws Exception {
        RouterRecords records = new RouterRecords(Duration.ofHours(1), 10, Clock.systemUTC());
        InetSocketAddress gone;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            gone = new InetSocketAddress("127.0.0.1", s.getLocalPort());
        }
        Instant from = Instant.now().minus(Duration.ofHours(1));
        try (WeightedRouter router = WeightedRouter.start("127.0.0.1", 0, records)) {
            router.route(new Routes(
                    Map.of(Scope.STABLE, List.of(failing), Scope.CANARY, List.of(gone)), weights(50, 0, 50)));
            assertThat(send(router, 10)).containsExactly(Map.entry("502", 5), Map.entry("failing", 5));
        }
        Instant to = Instant.now().plus(Duration.ofHours(2));
        assertThat(records.window(Scope.STABLE, from, to).stream()
                        .mapToLong(IntervalRecord::status5xx)
                        .sum())
                .isEqualTo(5);
        assertThat(records.window(Scope.CANARY, from, to).stream()
                        .mapToLong(IntervalRecord::status5xx)
                        .sum())
                .isEqualTo(5);
    }

    @Test
    void aSplitThatSendsTrafficNowhereIsRefused() {
        assertThatThrownBy(() -> new Routes(Map.of(Scope.STABLE, List.of(stable)), weights(90, 0, 10)))
                .hasMessageContaining("canary has weight 10 but no instance");
    }

    @Test
    void onlyTheNewestIntervalsAreKept() {
        Instant[] now = {Instant.parse("2026-12-02T10:00:00Z")};
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        RouterRecords records = new RouterRecords(Duration.ofSeconds(1), 3, moving);
        Instant first = now[0];
        for (int i = 0; i < 5; i++) {
            records.record(Scope.STABLE, 200, 1000);
            now[0] = now[0].plusSeconds(1);
        }
        assertThat(records.window(Scope.STABLE, first, now[0]))
                .extracting(IntervalRecord::requests)
                .containsExactly(0L, 0L, 1L, 1L, 1L);
    }

    @Test
    void intervalsAlignToTheEpochAndEmptyOnesAreZero() {
        Clock fixed = Clock.fixed(Instant.parse("2026-12-02T10:00:05Z"), java.time.ZoneOffset.UTC);
        RouterRecords records = new RouterRecords(Duration.ofSeconds(10), 10, fixed);
        records.record(Scope.CANARY, 200, 1500);
        records.record(Scope.CANARY, 503, 2500);
        List<IntervalRecord> w = records.window(
                Scope.CANARY, Instant.parse("2026-12-02T09:59:50Z"), Instant.parse("2026-12-02T10:00:20Z"));
        assertThat(w).extracting(IntervalRecord::requests).containsExactly(0L, 2L, 0L);
        assertThat(w.get(1).start()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(w.get(1).errorRate()).isEqualTo(0.5);
        assertThat(w.get(1).latencyMillis(100)).isBetween(2.49, 2.51);
    }
}
