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
 * @param pinCpus          CPUs (taskset list, e.g. {@code 1}) the JMH host and benchmark JVM are pinned to; null:
 *                         not pinned
 * @param maxCompetingCpus a fork during which other processes used more CPUs than this (on the pinned CPUs, or on
 *                         the machine) is discarded and run again, at most {@link #RERUNS} times; null: never
 * @param sequential       budgeted sequential mode ({@code --budget}); null: the fixed schedule of {@code forks}
 * @param exclude          JMH exclude regex ({@code -e}); null: none
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
        boolean ignoreJmhLock,
        String pinCpus,
        Double maxCompetingCpus,
        Sequential sequential,
        String exclude) {

    /** The bundled suite's calibration workloads (known answers, for testing the harness) are not run by default. */
    public static final String DEFAULT_EXCLUDE = "\\.calibration\\.";

    /**
     * A fixed heap, the same for every JDK. {@code -XX:+AlwaysPreTouch} was measured and not kept: 125 ms more per
     * fork, no less fork-to-fork noise (docs/performance.md).
     */
    public static final String DEFAULT_FORK_JVM_ARGS = "-Xms512m -Xmx512m";

    /** Re-runs of one slot whose forks were discarded for competing load. */
    public static final int RERUNS = 2;

    /**
     * Budgeted sequential runs: a pilot of {@code pilotForks} per JDK, then rounds of {@code stepForks} more per JDK
     * for the benchmarks still undecided (on {@code decideOn}: {@code score}, {@code cpu} or {@code both}), until
     * each is decided, reaches {@code maxForks}, or the budget ends.
     */
    public record Sequential(long budgetSeconds, int pilotForks, int stepForks, int maxForks, String decideOn) {
        public Sequential {
            if (budgetSeconds < 1 || pilotForks < 2 || stepForks < 1 || maxForks < pilotForks) {
                throw new IllegalArgumentException("a sequential run needs a budget >= 1 s, a pilot of >= 2 forks,"
                        + " steps of >= 1 fork and a maximum >= the pilot");
            }
            if (!decideOn.equals("score") && !decideOn.equals("cpu") && !decideOn.equals("both")) {
                throw new IllegalArgumentException("--decide-on must be score, cpu or both; was " + decideOn);
            }
        }
    }

    /** A fixed-schedule run, not pinned, no discarding. */
    public RunSettings(
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
        this(
                profile,
                include,
                benchmarksJar,
                benchmarksJarSha256,
                forks,
                warmupIterations,
                warmupMillis,
                measurementIterations,
                measurementMillis,
                forkJvmArgs,
                ignoreJmhLock,
                null,
                null,
                null,
                null);
    }

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
        if (exclude != null) {
            m.put("exclude", exclude);
        }
        m.put("benchmarksJarSha256", benchmarksJarSha256);
        m.put("forksPerJdk", String.valueOf(forks));
        m.put("warmup", warmupIterations + "x" + warmupMillis + "ms");
        m.put("measurement", measurementIterations + "x" + measurementMillis + "ms");
        m.put("forkJvmArgs", forkJvmArgs);
        m.put("alternation", "per benchmark, ABBA");
        m.put("profilers", "gc");
        m.put("pinnedCpus", pinCpus == null ? "none" : pinCpus);
        m.put("maxCompetingCpus", maxCompetingCpus == null ? "none" : String.valueOf(maxCompetingCpus));
        if (sequential != null) {
            m.put("forksPerJdk", sequential.pilotForks() + ".." + sequential.maxForks() + " (sequential)");
            m.put(
                    "sequential",
                    "budget " + sequential.budgetSeconds() + " s, pilot " + sequential.pilotForks() + ", steps of "
                            + sequential.stepForks() + ", decide on " + sequential.decideOn());
        }
        return m;
    }
}
