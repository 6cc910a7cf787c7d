package dev.verdict.plugin;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * The points of one metric for one scope: {@code values[i]} is at {@code start + i * step}; a missing point is NaN
 * (the judge's nanStrategy decides what it means). A metric with no data at all has no values.
 */
public record MetricSeries(String metric, Scope scope, Instant start, Duration step, double[] values) {

    public MetricSeries {
        values = values.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricSeries m
                && metric.equals(m.metric)
                && scope == m.scope
                && start.equals(m.start)
                && step.equals(m.step)
                && Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * metric.hashCode() + scope.hashCode()) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "MetricSeries[" + metric + ", " + scope.label() + ", " + start + ", " + step + ", " + values.length
                + " points]";
    }
}
