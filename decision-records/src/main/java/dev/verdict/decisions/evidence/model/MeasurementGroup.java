package dev.verdict.decisions.evidence.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The measurements of one group (e.g. {@code jdk17} or {@code canary}): sample count, summary statistics, and the
 * raw samples inline or a pointer to where they are kept.
 */
public record MeasurementGroup(
        String name, long n, Map<String, Double> summary, List<Double> samples, String samplesRef) {
    public MeasurementGroup {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("measurement group name is required");
        }
        if (n < 0) {
            throw new IllegalArgumentException("measurement group " + name + ": n must be >= 0");
        }
        summary = summary == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(summary));
        samples = samples == null ? List.of() : List.copyOf(samples);
        for (Double v : summary.values()) {
            if (v == null || v.isNaN()) {
                throw new IllegalArgumentException("measurement group " + name + ": summary values must be numbers");
            }
        }
        for (Double v : samples) {
            if (v == null || v.isNaN() || v.isInfinite()) {
                throw new IllegalArgumentException("measurement group " + name + ": samples must be finite numbers");
            }
        }
    }
}
