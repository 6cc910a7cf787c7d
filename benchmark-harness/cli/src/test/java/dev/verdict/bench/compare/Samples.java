package dev.verdict.bench.compare;

import dev.verdict.bench.run.HostEnvironment;
import dev.verdict.jdks.Jdk;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders of result sets for comparison and report tests. */
final class Samples {

    static final HostEnvironment HOST = new HostEnvironment(
            "host-1", "Test CPU @ 3 GHz", 2, 24L * 1024 * 1024, "Debian GNU/Linux 12", "6.1.0", "amd64", 0.5);
    static final Instant START = Instant.parse("2026-01-10T10:00:00Z");

    private Samples() {}

    static ResultSet.Samples bench(String key, String unit, List<Double> scores, List<Double> cpu) {
        return new ResultSet.Samples(
                key,
                key,
                Map.of(),
                unit.startsWith("ops/") ? "thrpt" : "avgt",
                unit,
                scores,
                cpu,
                List.of(1000.0),
                List.of(1.0),
                List.of(2.0),
                List.of(60_000L),
                scores.size(),
                List.of(),
                "vm");
    }

    static ResultSet set(String label, int feature, Map<String, ResultSet.Samples> benchmarks) {
        return new ResultSet(
                label,
                new Jdk(
                        "/jvm/" + label,
                        "Vendor " + label,
                        feature + ".0.1",
                        feature,
                        feature + ".0.1+1",
                        null,
                        "test"),
                HOST,
                "run-1",
                "run.json",
                true,
                null,
                Map.of("profile", "quick", "forksPerJdk", "5", "benchmarksJarSha256", "ab".repeat(32)),
                START,
                START.plusSeconds(600),
                true,
                0.8,
                benchmarks);
    }

    static Map<String, ResultSet.Samples> map(ResultSet.Samples... s) {
        Map<String, ResultSet.Samples> m = new LinkedHashMap<>();
        for (ResultSet.Samples x : s) {
            m.put(x.key(), x);
        }
        return m;
    }

    /** n values around {@code center} with a fixed +-spread pattern (deterministic). */
    static List<Double> around(double center, double spread, int n) {
        double[] pattern = {0.0, 1.0, -1.0, 0.5, -0.5, 0.25, -0.25, 0.75, -0.75, 0.1};
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> center * (1 + spread * pattern[i % pattern.length]))
                .toList();
    }
}
