package dev.verdict.bench.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a run measures: per JDK {@code forks} fresh JVMs per benchmark, each with JMH's warm-up and measurement
 * iterations, {@code -prof gc}, and the given JVM options for the forked benchmark JVM.
 *
 * @param profile          the preset the values came from ({@code quick}, {@code thorough}, or {@code custom})
 * @param include          JMH include regex selecting benchmarks of the jar
 * @param benchmarksJar    path of the JMH uber-jar
 * @param benchmarksJarSha256 its SHA-256, so results name exactly the code that was measured
 * @param forkJvmArgs      JVM options of the benchmark JVMs (JMH {@code -jvmArgs}); the same for every JDK
 * @param ignoreJmhLock    pass {@code -Djmh.ignoreLock=true} instead of waiting for another JMH run to finish
 */
public record RunSettings(
        String profile,
        String include,
        String benchmarksJar,
        String benchmarksJarSha256,
        int forks,
        int warmupIterations,
        int warmupMillis,
        int measurementIterations,
        int measurementMillis,
        String forkJvmArgs,
        boolean ignoreJmhLock) {

    public static final String DEFAULT_FORK_JVM_ARGS = "-Xms512m -Xmx512m";

    public RunSettings {
        if (forks < 1) {
            throw new IllegalArgumentException("forks must be >= 1, was " + forks);
        }
        if (warmupIterations < 0 || measurementIterations < 1) {
            throw new IllegalArgumentException("need >= 0 warm-up and >= 1 measurement iterations");
        }
        if (warmupMillis < 1 || measurementMillis < 1) {
            throw new IllegalArgumentException("iteration times must be >= 1 ms");
        }
    }

    /** Flat key/value view, for evidence provenance ({@code config}). */
    public Map<String, String> asConfig() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("profile", profile);
        m.put("include", include);
        m.put("benchmarksJarSha256", benchmarksJarSha256);
        m.put("forksPerJdk", String.valueOf(forks));
        m.put("warmup", warmupIterations + "x" + warmupMillis + "ms");
        m.put("measurement", measurementIterations + "x" + measurementMillis + "ms");
        m.put("forkJvmArgs", forkJvmArgs);
        m.put("alternation", "per benchmark, ABBA");
        m.put("profilers", "gc");
        return m;
    }
}
