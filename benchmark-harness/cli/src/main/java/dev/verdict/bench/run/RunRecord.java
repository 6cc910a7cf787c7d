package dev.verdict.bench.run;

import dev.verdict.jdks.Jdk;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a run measured, written to {@code run.json} after every fork (so an interrupted run keeps what it has).
 * Raw JMH JSON of every fork stays next to it under {@code raw/}, the JMH console output under {@code logs/}.
 *
 * @param status     {@code RUNNING} while it runs, then {@code COMPLETE}, {@code INTERRUPTED} (Ctrl-C: partial,
 *                   marked incomplete) or {@code FAILED}
 * @param statusDetail why it is not complete, if it is not
 */
public record RunRecord(
        String format,
        String runId,
        Instant startedAt,
        Instant finishedAt,
        Status status,
        String statusDetail,
        RunSettings settings,
        List<RunJdk> jdks,
        HostEnvironment environment,
        List<String> benchmarks,
        int plannedForks,
        List<ForkRecord> forks,
        SequentialProgress sequential,
        List<Competitor> competitors) {

    public static final String FORMAT = "verdict-bench-run/1";

    public enum Status {
        RUNNING,
        COMPLETE,
        INTERRUPTED,
        FAILED
    }

    /**
     * How a budgeted sequential run went: the pilot's estimate of the forks each benchmark needs, each round's
     * undecided benchmarks, and why it stopped.
     *
     * @param pilotForksNeeded per benchmark, forks per JDK the pilot estimated for a decision (-1: at the margin)
     * @param stopReason       {@code all decided}, {@code budget}, {@code max forks}, or why not yet (null while running)
     */
    public record SequentialProgress(
            long budgetSeconds,
            Map<String, Integer> pilotForksNeeded,
            List<Round> rounds,
            List<String> decided,
            List<String> undecided,
            String stopReason) {}

    /** One round of a sequential run: which benchmarks got more forks, after how long. */
    public record Round(int round, long elapsedSeconds, List<String> benchmarks) {}

    /**
     * Another process that used CPU during the run (the run's own JVMs excluded). Its command line is read to tell its
     * kind but not kept: other people's command lines can carry credentials.
     *
     * @param kind {@code platform service} (a Verdict service, Kafka, PostgreSQL, Keycloak), {@code build} (Maven,
     *             Gradle, a compiler) or {@code other}
     * @param cpus its CPU time divided by the run's wall time so far
     */
    public record Competitor(long pid, String name, String kind, double cpuSeconds, double cpus) {}

    /** A JDK of the run and its label. */
    public record RunJdk(String label, Jdk jdk) {}

    public boolean complete() {
        return status == Status.COMPLETE;
    }

    /**
     * One fork of the schedule: one JMH invocation ({@code -f 1}) of one benchmark on one JDK.
     *
     * @param status      {@code OK}, {@code FAILED} (the benchmark failed on this JDK: see error), {@code SKIPPED}
     *                    (it failed in an earlier fork on this JDK, so it is unsupported there), {@code DISCARDED}
     *                    (other processes competed for the CPU: see error; the slot ran again)
     * @param competingCpus CPU time of other processes during the fork / its wall time (on the pinned CPUs if
     *                    pinned); null without /proc
     * @param cpuMillis   user + system CPU time of the whole fork (JMH host JVM plus benchmark JVM, start to exit)
     * @param loadAtStart the 1-minute load average when the fork started
     * @param rawJson     JMH's JSON result, relative to the run directory
     * @param log         JMH's console output, relative to the run directory
     */
    public record ForkRecord(
            int sequence,
            String benchmark,
            String jdk,
            int forkIndex,
            String status,
            Instant startedAt,
            long wallMillis,
            Long cpuMillis,
            Long cpuUserMillis,
            Long cpuSystemMillis,
            Double loadAtStart,
            String rawJson,
            String log,
            String error,
            List<Measurement> results,
            Double competingCpus) {}

    /**
     * The measurements of one benchmark (one parameter combination) in one fork.
     *
     * @param key               benchmark name plus parameters, e.g. {@code a.B.m} or {@code a.B.m[size=10]}
     * @param score             JMH's score of the fork (mean of its measurement iterations)
     * @param iterations        the measurement iterations' scores
     * @param allocBytesPerOp   {@code gc.alloc.rate.norm} (B/op) from {@code -prof gc}
     * @param gcCount           collections during measurement ({@code gc.count})
     * @param gcTimeMillis      time in collections during measurement ({@code gc.time})
     * @param cpuNanosPerOp     CPU time per operation (all threads of the benchmark JVM: JIT and GC included) during
     *                          the measurement iterations, from {@code CpuTimeProfiler} ({@code cpu.time.norm})
     * @param cpuUtilization    CPU time / wall time during measurement ({@code cpu.util}), in CPUs
     * @param peakRssKb         peak resident set size of the benchmark JVM ({@code rss.peak}, from VmHWM)
     */
    public record Measurement(
            String key,
            String benchmark,
            Map<String, String> params,
            String mode,
            String unit,
            double score,
            Double scoreError,
            List<Double> iterations,
            Double allocBytesPerOp,
            Double gcCount,
            Double gcTimeMillis,
            Double cpuNanosPerOp,
            Double cpuUtilization,
            Long peakRssKb,
            String jdkVersion,
            String vmName,
            String vmVersion,
            List<String> jvmArgs) {}
}
