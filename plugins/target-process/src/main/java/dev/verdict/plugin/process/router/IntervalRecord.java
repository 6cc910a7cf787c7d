package dev.verdict.plugin.process.router;

import dev.verdict.plugin.Scope;
import java.time.Instant;
import org.HdrHistogram.Histogram;

/**
 * What the router saw of one scope in one interval {@code [start, end)}: requests by status class (a request the
 * router could not deliver is a 5xx: the proxy answers 502) and the latency from the router's view, request received
 * to response sent, in microseconds; and the CPU time the scope's instances used in it, in nanoseconds, as the OS
 * accounts it ({@code /proc/<pid>/stat} on Linux, sampled once per interval; its resolution is the kernel's clock
 * tick, 10 ms).
 */
public record IntervalRecord(
        Scope scope,
        Instant start,
        Instant end,
        long requests,
        long status2xx,
        long status3xx,
        long status4xx,
        long status5xx,
        Histogram latencyMicros,
        long cpuNanos) {

    /** Share of 5xx among the requests; NaN without requests. */
    public double errorRate() {
        return requests == 0 ? Double.NaN : (double) status5xx / requests;
    }

    /** CPU milliseconds per request; NaN without requests. */
    public double cpuMillisPerRequest() {
        return requests == 0 ? Double.NaN : cpuNanos / 1e6 / requests;
    }

    /** The latency at {@code percentile} (0..100) in milliseconds; NaN without requests. */
    public double latencyMillis(double percentile) {
        return requests == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }
}
