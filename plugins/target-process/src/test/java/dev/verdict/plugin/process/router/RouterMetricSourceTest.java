package dev.verdict.plugin.process.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.plugin.MetricQuery;
import dev.verdict.plugin.MetricSeries;
import dev.verdict.plugin.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterMetricSourceTest {

    static final String PAYMENTS = "component:default/payments-api";
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    /** Two 10 s intervals of canary records: 3 requests (one 500) at 10, 20, 30 ms, then nothing. */
    static RouterRecords records() {
        RouterRecords r =
                new RouterRecords(Duration.ofSeconds(10), 100, Clock.fixed(T0.plusSeconds(3), ZoneOffset.UTC));
        r.record(Scope.CANARY, 200, 10_000);
        r.record(Scope.CANARY, 200, 20_000);
        r.record(Scope.CANARY, 500, 30_000);
        r.record(Scope.BASELINE, 200, 5_000);
        return r;
    }

    static MetricSeries query(RouterRecords r, Scope scope, Map<String, Object> q) {
        return new RouterMetricSource(c -> c.equals(PAYMENTS) ? r : null)
                .query(new MetricQuery(
                        "m", q, PAYMENTS, scope, null, null, T0, T0.plusSeconds(20), Duration.ofSeconds(10)));
    }

    @Test
    void eachMeasureIsOnePointPerIntervalWithNaNWhereNothingWasServed() {
        RouterRecords r = records();
        MetricSeries requests = query(r, Scope.CANARY, Map.of("type", "router", "measure", "requests"));
        assertThat(requests.values()).containsExactly(3, 0);
        assertThat(requests.start()).isEqualTo(T0);
        assertThat(requests.step()).isEqualTo(Duration.ofSeconds(10));
        assertThat(query(r, Scope.CANARY, Map.of("measure", "error-rate")).values())
                .containsExactly(1.0 / 3, Double.NaN);
        assertThat(query(r, Scope.CANARY, Map.of("measure", "latency", "percentile", 50))
                        .values()[0])
                .isBetween(19.9, 20.1);
        assertThat(query(r, Scope.CANARY, Map.of("measure", "latency-mean")).values()[0])
                .isBetween(19.9, 20.1);
        assertThat(query(r, Scope.BASELINE, Map.of("measure", "requests")).values())
                .containsExactly(1, 0);
        assertThat(query(r, Scope.STABLE, Map.of("measure", "requests")).values())
                .containsExactly(0, 0);
    }

    @Test
    void aQueryTheSourceCannotRunNamesWhatToFix() {
        RouterRecords r = records();
        assertThatThrownBy(() -> query(r, Scope.CANARY, Map.of("measure", "cpu")))
                .hasMessageContaining("'cpu' is not one of requests, error-rate, latency-mean, latency");
        assertThatThrownBy(() -> query(r, Scope.CANARY, Map.of("measure", "latency")))
                .hasMessageContaining("query.percentile must be a number in (0, 100]");
        assertThatThrownBy(() -> new RouterMetricSource(c -> null)
                        .query(new MetricQuery(
                                "m",
                                Map.of("measure", "requests"),
                                "component:default/other",
                                Scope.CANARY,
                                null,
                                null,
                                T0,
                                T0.plusSeconds(10),
                                Duration.ofSeconds(10))))
                .hasMessageContaining("no router runs in front of component:default/other");
    }
}
