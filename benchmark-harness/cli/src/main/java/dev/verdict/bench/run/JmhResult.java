package dev.verdict.bench.run;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One entry of a JMH JSON result file ({@code -rf json}): a benchmark (with parameters) in one mode, its primary
 * metric and secondary metrics ({@code -prof gc} adds {@code gc.alloc.rate.norm}, {@code gc.count}, {@code gc.time}),
 * each with JMH's raw data: one list of iteration scores per fork.
 */
public record JmhResult(
        String benchmark,
        String mode,
        Map<String, String> params,
        int forks,
        String jdkVersion,
        String vmName,
        String vmVersion,
        List<String> jvmArgs,
        Metric primary,
        Map<String, Metric> secondary) {

    /** A metric: its score (over all forks), unit, error (null if JMH reports NaN) and per-fork iteration data. */
    public record Metric(double score, Double scoreError, String unit, List<List<Double>> rawData) {

        /** The mean of each fork's iterations (JMH's per-fork score). */
        public List<Double> forkMeans() {
            return rawData.stream()
                    .filter(f -> !f.isEmpty())
                    .map(f -> f.stream()
                            .mapToDouble(Double::doubleValue)
                            .average()
                            .orElseThrow())
                    .toList();
        }

        /** The sum of each fork's iterations (for counters such as gc.count). */
        public List<Double> forkSums() {
            return rawData.stream()
                    .map(f -> f.stream().mapToDouble(Double::doubleValue).sum())
                    .toList();
        }
    }

    /** {@code benchmark} or {@code benchmark[k=v,k2=v2]}: what identifies a result across runs and JDKs. */
    public String key() {
        return key(benchmark, params);
    }

    public static String key(String benchmark, Map<String, String> params) {
        if (params == null || params.isEmpty()) {
            return benchmark;
        }
        return benchmark
                + params.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(",", "[", "]"));
    }

    /** The parameters as JMH prints them in its console output: {@code (a = 1, b = x)}. */
    public String consoleParams() {
        if (params == null || params.isEmpty()) {
            return "";
        }
        return params.entrySet().stream()
                .map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /** A secondary metric whatever JMH version named it ({@code gc.time} or {@code ·gc.time}). */
    public Metric secondary(String name) {
        if (secondary == null) {
            return null;
        }
        Metric m = secondary.get(name);
        return m != null ? m : secondary.get("\u00b7" + name);
    }
}
