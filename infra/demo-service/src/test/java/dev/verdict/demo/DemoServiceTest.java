package dev.verdict.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoServiceTest {

    @Test
    void version_suffixes_change_latency_errors_cpu_and_spread_but_not_the_mean_of_a_jittery_one() {
        Behaviour plain = Behaviour.of("1.1.0", Map.of());
        assertThat(plain).isEqualTo(new Behaviour(20, 0.25, 0, 200, 0));
        assertThat(Behaviour.of("1.1.0-slow", Map.of()).latencyMillis()).isEqualTo(20 * 1.30);
        assertThat(Behaviour.of("1.1.0-errors", Map.of()).errorRate()).isEqualTo(0.02);
        assertThat(Behaviour.of("1.1.0-cpu", Map.of()).cpuRounds()).isEqualTo(400);
        Behaviour jittery = Behaviour.of("1.1.0-jittery", Map.of());
        assertThat(jittery.swing()).isEqualTo(0.5);
        assertThat(jittery.latencyMillis()).isEqualTo(plain.latencyMillis());
        // alternate seconds at half and one and a half of the mean: the two-second mean is the plain one
        assertThat(jittery.latencyMicros(0.5, 10)).isEqualTo(10_000);
        assertThat(jittery.latencyMicros(0.5, 11)).isEqualTo(30_000);
        assertThat(plain.latencyMicros(0.5, 10))
                .isEqualTo(plain.latencyMicros(0.5, 11))
                .isEqualTo(20_000);
        assertThat(plain.latencyMicros(0.0, 10)).isEqualTo(15_000); // uniform +-25 % around the mean
        assertThat(Behaviour.of("2.0.0-slow-errors", Map.of("DEMO_LATENCY_MS", "10")))
                .isEqualTo(new Behaviour(13, 0.25, 0.02, 200, 0));
    }

    @Test
    void a_bad_setting_is_refused_with_its_name() {
        assertThatThrownBy(() -> Behaviour.of("1.0.0", Map.of("DEMO_ERROR_RATE", "lots")))
                .hasMessageContaining("DEMO_ERROR_RATE must be a number, not 'lots'");
        assertThatThrownBy(() -> Behaviour.of("1.0.0", Map.of("DEMO_JITTER", "1.5")))
                .hasMessageContaining("DEMO_JITTER < 1");
    }

    @Test
    void serves_quotes_health_and_metrics_over_http_and_counts_injected_errors() throws Exception {
        DemoService s = new DemoService("9.9.9-errors", new Behaviour(0, 0, 0.5, 10, 0));
        s.start(0);
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + s.port();
            assertThat(get(http, base + "/health").statusCode()).isEqualTo(200);
            int errors = 0;
            for (int i = 0; i < 200; i++) {
                HttpResponse<String> r = get(http, base + "/api/payments/quote");
                assertThat(r.body()).contains("\"version\":\"9.9.9-errors\"");
                errors += r.statusCode() == 500 ? 1 : 0;
            }
            assertThat(errors).isBetween(60, 140);
            String metrics = get(http, base + "/metrics").body();
            assertThat(metrics)
                    .contains("demo_requests_total{version=\"9.9.9-errors\"} 200")
                    .contains("demo_errors_total{version=\"9.9.9-errors\"} " + errors)
                    .contains("process_cpu_seconds_total ");
            // the service-time histogram at the path Prometheus scrapes Quarkus services on: every request observed
            String q = get(http, base + "/q/metrics").body();
            assertThat(q)
                    .contains("# TYPE demo_request_seconds histogram")
                    .contains("demo_request_seconds_bucket{version=\"9.9.9-errors\",le=\"+Inf\"} 200")
                    .contains("demo_request_seconds_count{version=\"9.9.9-errors\"} 200");
        } finally {
            s.stop();
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
