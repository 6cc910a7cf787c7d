package dev.verdict.plugin.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.verdict.plugin.MetricQuery;
import dev.verdict.plugin.MetricSeries;
import dev.verdict.plugin.MetricSource;
import dev.verdict.plugin.MetricSourceFactory;
import dev.verdict.plugin.PluginConfigException;
import dev.verdict.plugin.Plugins;
import dev.verdict.plugin.Scope;
import dev.verdict.testing.TestPrometheus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The source against a real Prometheus that scrapes two real HTTP instances (canary and baseline) found through
 * file-based service discovery, labelled as the process target labels its instances.
 */
class PrometheusMetricSourceTest {

    static final String COMPONENT = "component:default/payments-api";
    static TestPrometheus prometheus;
    static HttpServer canary;
    static HttpServer baseline;
    static MetricSource source;
    static Instant t0;

    @BeforeAll
    static void start() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestPrometheus.available(), TestPrometheus.SKIPPED);
        prometheus = TestPrometheus.start(Duration.ofMillis(500));
        canary = instance(20.0);
        baseline = instance(10.0);
        for (var e : Map.of("canary", canary, "baseline", baseline).entrySet()) {
            prometheus.setTargets(
                    e.getKey(),
                    List.of("127.0.0.1:" + e.getValue().getAddress().getPort()),
                    Map.of(
                            "verdict_component",
                            COMPONENT,
                            "verdict_scope",
                            e.getKey(),
                            "__metrics_path__",
                            "/q/metrics"));
        }
        source = Plugins.create(
                MetricSourceFactory.class,
                PrometheusMetricSourceTest.class.getClassLoader(),
                "prometheus",
                Map.of("url", prometheus.url(), "timeout", "5s"));
        // discovery picks the files up within ~5 s; t0 is the first whole second both scopes have a sample in
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
            for (Scope s : List.of(Scope.CANARY, Scope.BASELINE)) {
                assertThat(present(
                                query("latency", Map.of("metricName", "demo_latency_ms"), s, now.minusSeconds(1), 1)))
                        .as(prometheus.log())
                        .isEqualTo(1);
            }
        });
        t0 = Instant.ofEpochSecond(Instant.now().getEpochSecond());
        // four whole seconds of samples from t0 on, all in the past (Prometheus answers for a future time with the
        // last sample it has, within its 5 min lookback)
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(t0.plusSeconds(5)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(present(query("latency", Map.of("metricName", "demo_latency_ms"), Scope.CANARY, t0, 4)))
                    .as(prometheus.log())
                    .isEqualTo(4);
            assertThat(present(query("latency", Map.of("metricName", "demo_latency_ms"), Scope.BASELINE, t0, 4)))
                    .isEqualTo(4);
        });
    }

    @AfterAll
    static void stop() {
        if (canary != null) {
            canary.stop(0);
        }
        if (baseline != null) {
            baseline.stop(0);
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void each_scope_gets_its_own_instances_series_one_point_per_step_of_the_window() {
        MetricSeries c = query("latency", Map.of("metricName", "demo_latency_ms"), Scope.CANARY, t0, 4);
        MetricSeries b = query("latency", Map.of("metricName", "demo_latency_ms"), Scope.BASELINE, t0, 4);

        assertThat(c.values()).containsExactly(20.0, 20.0, 20.0, 20.0);
        assertThat(b.values()).containsExactly(10.0, 10.0, 10.0, 10.0);
        assertThat(c.start()).isEqualTo(t0);
        assertThat(c.step()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.scope()).isEqualTo(Scope.CANARY);
    }

    @Test
    void a_whole_promql_expression_gets_the_scope_bound_and_a_rate_comes_back_per_second() {
        MetricSeries rate = query(
                "throughput",
                Map.of(
                        "customInlineTemplate",
                        "PromQL:sum(rate(demo_requests_total{verdict_component=\"${component}\",verdict_scope=\"${scope}\"}[2s]))"),
                Scope.CANARY,
                t0.plusSeconds(2),
                2);

        // each instance's counter grows by 10 per second of wall-clock time
        assertThat(Arrays.stream(rate.values()).boxed())
                .hasSize(2)
                .allSatisfy(v -> assertThat(v).isBetween(7.0, 13.0));
    }

    @Test
    void a_window_before_any_sample_is_no_data_not_an_error() {
        MetricSeries before =
                query("latency", Map.of("metricName", "demo_latency_ms"), Scope.CANARY, t0.minusSeconds(600), 10);

        assertThat(Arrays.stream(before.values()).boxed()).hasSize(10).allMatch(v -> v.isNaN());
    }

    @Test
    void a_query_matching_several_series_is_refused_since_a_judgement_compares_one_per_scope() {
        assertThatThrownBy(() -> query(
                        "latency",
                        Map.of(
                                "metricName", "demo_latency_ms",
                                "customInlineTemplate", "verdict_component=\"${component}\"",
                                "groupByFields", List.of("verdict_scope")),
                        Scope.CANARY,
                        t0,
                        2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("returned 2 series for scope canary");
    }

    @Test
    void promql_that_prometheus_refuses_is_a_bad_config_with_prometheus_own_reason() {
        assertThatThrownBy(() -> query(
                        "broken",
                        Map.of("customInlineTemplate", "PromQL:rate(demo_requests_total[2s]"),
                        Scope.CANARY,
                        t0,
                        2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metric broken: Prometheus refused 'rate(demo_requests_total[2s]'")
                .hasMessageContaining("parse error");
    }

    @Test
    void prometheus_down_is_an_io_failure_the_analysis_retries_not_no_data() {
        MetricSource nowhere = Plugins.create(
                MetricSourceFactory.class,
                getClass().getClassLoader(),
                "prometheus",
                Map.of("url", "http://127.0.0.1:" + freePort(), "timeout", "2s"));

        assertThatThrownBy(() -> nowhere.query(new MetricQuery(
                        "latency",
                        Map.of("metricName", "x"),
                        COMPONENT,
                        Scope.CANARY,
                        null,
                        Map.of(),
                        t0,
                        t0.plusSeconds(2),
                        Duration.ofSeconds(1))))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("did not answer");
    }

    @Test
    void bad_settings_are_refused_each_by_its_key() {
        assertThatThrownBy(() -> Plugins.create(
                        MetricSourceFactory.class,
                        getClass().getClassLoader(),
                        "prometheus",
                        Map.of("url", "ftp://x", "timeout", "soon", "scope-labl", "x")))
                .isInstanceOf(PluginConfigException.class)
                .satisfies(e -> assertThat(((PluginConfigException) e).problems())
                        .containsExactly(
                                "scope-labl: unknown setting (known: url, timeout, scope-filter, max-points)",
                                "timeout: 'soon' is not a duration (e.g. 500ms, 30s, 5m, PT1H)",
                                "url: 'ftp://x' is not an http(s) URL"));
    }

    static MetricSeries query(String metric, Map<String, Object> query, Scope scope, Instant start, int seconds) {
        return source.query(new MetricQuery(
                metric,
                query,
                COMPONENT,
                scope,
                null,
                Map.of(),
                start,
                start.plusSeconds(seconds),
                Duration.ofSeconds(1)));
    }

    static long present(MetricSeries s) {
        return Arrays.stream(s.values()).filter(v -> !Double.isNaN(v)).count();
    }

    /** A real HTTP instance: a gauge of its own latency and a request counter growing 10 per second. */
    static HttpServer instance(double latency) throws IOException {
        long started = System.currentTimeMillis();
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        s.createContext("/q/metrics", x -> {
            long requests = (System.currentTimeMillis() - started) / 100;
            byte[] body = ("# TYPE demo_latency_ms gauge\ndemo_latency_ms " + latency
                            + "\n# TYPE demo_requests_total counter\ndemo_requests_total " + requests + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        s.start();
        return s;
    }

    static int freePort() {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
