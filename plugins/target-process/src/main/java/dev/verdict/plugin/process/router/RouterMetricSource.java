package dev.verdict.plugin.process.router;

import dev.verdict.plugin.MetricQuery;
import dev.verdict.plugin.MetricSeries;
import dev.verdict.plugin.MetricSource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The router's records as a metric source ("router"), so a local canary needs no Prometheus. A metric's query in the
 * canary config is {@code {"type": "router", "measure": M}} with M one of {@code requests} (per interval),
 * {@code error-rate} (share of 5xx), {@code latency-mean}, or {@code latency} with {@code "percentile": 99} (ms). One
 * point per router interval in the window; an interval without requests is NaN for the rates and latencies (no
 * data, which the judge's nanStrategy decides on) and 0 for {@code requests}.
 */
public final class RouterMetricSource implements MetricSource {

    private final Function<String, RouterRecords> recordsOfComponent;

    /** {@code recordsOfComponent}: the records of the router in front of a component, or null if it has none. */
    public RouterMetricSource(Function<String, RouterRecords> recordsOfComponent) {
        this.recordsOfComponent = recordsOfComponent;
    }

    @Override
    public MetricSeries query(MetricQuery q) {
        Map<String, Object> query = q.query();
        Object measure = query.get("measure");
        if (!(measure instanceof String m)) {
            throw new IllegalArgumentException("metric " + q.metric()
                    + ": query.measure must be requests, error-rate, latency-mean, latency or cpu-per-request");
        }
        double percentile = 0;
        if (m.equals("latency")) {
            Object p = query.get("percentile");
            if (!(p instanceof Number n) || n.doubleValue() <= 0 || n.doubleValue() > 100) {
                throw new IllegalArgumentException(
                        "metric " + q.metric() + ": query.percentile must be a number in (0, 100] for measure latency");
            }
            percentile = n.doubleValue();
        } else if (!List.of("requests", "error-rate", "latency-mean", "cpu-per-request")
                .contains(m)) {
            throw new IllegalArgumentException("metric " + q.metric() + ": query.measure '" + m
                    + "' is not one of requests, error-rate, latency-mean, latency, cpu-per-request");
        }
        RouterRecords records = recordsOfComponent.apply(q.component());
        if (records == null) {
            throw new IllegalArgumentException("no router runs in front of " + q.component());
        }
        List<IntervalRecord> window = records.window(q.scope(), q.start(), q.end());
        double[] values = new double[window.size()];
        for (int i = 0; i < values.length; i++) {
            IntervalRecord r = window.get(i);
            values[i] = switch (m) {
                case "requests" -> r.requests();
                case "error-rate" -> r.errorRate();
                case "latency-mean" ->
                    r.requests() == 0 ? Double.NaN : r.latencyMicros().getMean() / 1000.0;
                case "cpu-per-request" -> r.cpuMillisPerRequest();
                default -> r.latencyMillis(percentile);
            };
        }
        return new MetricSeries(
                q.metric(),
                q.scope(),
                window.isEmpty() ? q.start() : window.get(0).start(),
                records.interval(),
                values);
    }
}
