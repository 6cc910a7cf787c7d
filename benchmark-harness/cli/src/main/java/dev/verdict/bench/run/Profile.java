package dev.verdict.bench.run;

/**
 * Preset run settings. Each fork of the schedule is one fresh JVM per benchmark; the per-fork mean score is one
 * sample of the comparison, so the fork count is the sample size: with 4 forks per JDK the exact two-sided
 * Mann-Whitney test can reach p = 0.029, with 3 it cannot go below 0.1.
 *
 * <ul>
 *   <li>{@code quick}: 4 forks per JDK, 3 x 250 ms warm-up, 4 x 250 ms measurement: the whole bundled suite
 *       (21 benchmarks, 168 forks) against two JDKs in about 7-10 minutes on 2 cores; each fork is ~1.75 s of
 *       iterations plus ~1-2 s of JVM start-up for the JMH host and the benchmark JVM.</li>
 *   <li>{@code thorough}: 10 forks per JDK, 5 x 1 s warm-up, 10 x 1 s measurement (about 1 hour for two JDKs).</li>
 * </ul>
 */
public enum Profile {
    QUICK(4, 3, 250, 4, 250),
    THOROUGH(10, 5, 1000, 10, 1000);

    public final int forks;
    public final int warmupIterations;
    public final int warmupMillis;
    public final int measurementIterations;
    public final int measurementMillis;

    Profile(int forks, int warmupIterations, int warmupMillis, int measurementIterations, int measurementMillis) {
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupMillis = warmupMillis;
        this.measurementIterations = measurementIterations;
        this.measurementMillis = measurementMillis;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
