package dev.verdict.bench.compare;

import dev.verdict.bench.run.HostEnvironment;
import dev.verdict.jdks.Jdk;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The results of one JDK, whatever file they came from (a harness {@code run.json} or a plain JMH JSON file):
 * per benchmark key the per-fork samples. One fork = one sample, because forks, not iterations, are independent.
 *
 * @param source      the file the results were read from
 * @param alternated  true if the forks were interleaved with the other JDK's in one run (drift controlled)
 * @param competingCpus per kept fork, the CPUs other processes used during it (empty when unknown)
 * @param competitors the other processes that used the most CPU during the run
 */
public record ResultSet(
        String label,
        Jdk jdk,
        HostEnvironment environment,
        String runId,
        String source,
        boolean complete,
        String statusDetail,
        Map<String, String> config,
        Instant windowStart,
        Instant windowEnd,
        boolean alternated,
        Double maxLoad,
        Map<String, Samples> benchmarks,
        List<Double> competingCpus,
        List<dev.verdict.bench.run.RunRecord.Competitor> competitors) {

    /** Results without competing-load readings (plain JMH JSON, older runs). */
    public ResultSet(
            String label,
            Jdk jdk,
            HostEnvironment environment,
            String runId,
            String source,
            boolean complete,
            String statusDetail,
            Map<String, String> config,
            Instant windowStart,
            Instant windowEnd,
            boolean alternated,
            Double maxLoad,
            Map<String, Samples> benchmarks) {
        this(
                label,
                jdk,
                environment,
                runId,
                source,
                complete,
                statusDetail,
                config,
                windowStart,
                windowEnd,
                alternated,
                maxLoad,
                benchmarks,
                List.of(),
                List.of());
    }

    /**
     * Per-fork values of one benchmark on one JDK; the lists hold one entry per successful fork (cpu and alloc may
     * be shorter if a fork lacked them).
     */
    public record Samples(
            String key,
            String benchmark,
            Map<String, String> params,
            String mode,
            String unit,
            List<Double> scores,
            List<Double> cpuNanosPerOp,
            List<Double> allocBytesPerOp,
            List<Double> gcCounts,
            List<Double> gcTimesMillis,
            List<Long> peakRssKb,
            int forksPlanned,
            List<String> failures,
            String vmVersion) {}
}
