package dev.verdict.bench.run;

/**
 * Preset run settings. Each fork of the schedule is one fresh JVM per benchmark; the per-fork mean score is one
 * sample of the comparison, so the fork count is the sample size, and with the fork-to-fork noise it decides how
 * small an effect the comparison's interval can tell from the margin (docs/performance.md).
 *
 * <ul>
 *   <li>{@code quick}: 5 forks per JDK, 3 x 200 ms warm-up, 3 x 200 ms measurement: the bundled suite (21
 *       benchmarks, 210 forks) against two JDKs in about 8-10 minutes on 2 cores; each fork is 1.2 s of
 *       iterations plus ~1.4 s of JVM start-up (JMH host and benchmark JVM).</li>
 *   <li>{@code thorough}: 10 forks per JDK, 5 x 1 s warm-up, 10 x 1 s measurement (about 2 hours for two JDKs).</li>
 *   <li>{@code sequential} (the default with {@code --budget}): a pilot of 3 forks per JDK, 5 x 400 ms warm-up,
 *       5 x 200 ms measurement (about 4.4 s per fork). On the shared 2-core machine the fork-to-fork noise fell from
 *       16 % (quick) to 14 % with 2 s of warm-up and 10 % with 4 s; noise times fork time stayed about the same, so the
 *       middle keeps forks short enough for many looks (docs/performance.md).</li>
 * </ul>
 */
public enum Profile {
    QUICK(5, 3, 200, 3, 200),
    THOROUGH(10, 5, 1000, 10, 1000),
    SEQUENTIAL(3, 5, 400, 5, 200);

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
