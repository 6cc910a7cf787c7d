package dev.verdict.bench.compare;

import dev.verdict.bench.run.HostEnvironment;
import dev.verdict.jdks.Jdk;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The comparison of a candidate JDK with a baseline JDK over a benchmark suite ({@code comparison.json}). Ratios
 * are candidate / baseline. {@code contentHash} is the SHA-256 of the canonical JSON of everything here except
 * itself and {@code createdAt}: comparing the same results with the same settings gives the same hash.
 */
public record Comparison(
        String format,
        String contentHash,
        Instant createdAt,
        Side baseline,
        Side candidate,
        boolean complete,
        String incompleteReason,
        StatsSettings settings,
        HostEnvironment environment,
        Map<String, String> config,
        String configHash,
        Instant windowStart,
        Instant windowEnd,
        List<BenchmarkComparison> benchmarks,
        List<Overall> overall,
        Map<String, Integer> classifications,
        List<Gate> gates) {

    public static final String FORMAT = "verdict-bench-comparison/1";

    /** One JDK of the comparison. */
    public record Side(String label, Jdk jdk, String runId, String source, boolean complete, Double maxLoad) {}

    /**
     * Statistical settings.
     *
     * @param alpha    error rate of each decision (better / worse / equivalent), before the suite's adjustment
     * @param margin   practical margin: {@code better} / {@code worse} mean "by more than this fraction" (0.03 =
     *                 3 %), {@code equivalent} means "within +- this fraction"
     * @param ciLevel  confidence level of the suite-wide geometric means' t intervals
     * @param pAdjust  multiplicity over the suite's benchmarks: {@code bh} (Benjamini-Hochberg on the decisions'
     *                 p-values, intervals at the false-coverage-rate level 1 - R alpha / m) or {@code none}
     * @param minForks forks per JDK needed for the {@code forks} quality gate
     * @param maxCv    largest coefficient of variation of fork scores for the {@code noise} quality gate
     */
    public record StatsSettings(
            double alpha, double margin, double ciLevel, String pAdjust, int minForks, double maxCv) {}

    /**
     * One benchmark.
     *
     * @param status         {@code compared}, {@code unsupported} (failed on a JDK: see detail) or
     *                       {@code insufficient-data} (fewer than 2 forks on a side)
     * @param higherIsBetter from the score unit and mode (throughput: higher; time per op: lower)
     * @param timeRatio      the score ratio as a time-per-op ratio (inverted for throughput): below 1 = candidate
     *                       faster; what the suite's geometric mean and the chart use
     */
    public record BenchmarkComparison(
            String key,
            String benchmark,
            Map<String, String> params,
            String mode,
            String unit,
            boolean higherIsBetter,
            String status,
            String detail,
            Group baselineGroup,
            Group candidateGroup,
            Effect score,
            Effect cpuPerOp,
            Double allocRatio,
            Double timeRatio,
            Classification classification,
            List<Gate> gates) {}

    /** One JDK's samples of one benchmark: per-fork scores and CPU time per op, and their summaries. */
    public record Group(
            String label,
            int n,
            int forksPlanned,
            List<Double> scores,
            Double mean,
            Double median,
            Double sd,
            Double cv,
            Double min,
            Double max,
            List<Double> cpuNanosPerOp,
            Double cpuNanosPerOpMean,
            Double allocBytesPerOp,
            Double gcCountPerFork,
            Double gcTimeMillisPerFork,
            Long peakRssKb,
            List<String> failures) {}

    /**
     * A ratio candidate / baseline (of the geometric means of the fork samples) with its anytime-valid interval.
     *
     * @param ciLevel     the interval's level: 1 - R alpha / m after the suite's Benjamini-Hochberg step (R of m
     *                    benchmarks decided), so every decided benchmark's interval lies in its region
     * @param pValue      anytime-valid p-value of the decision the estimate points to (see {@code method})
     * @param pAdjusted   Benjamini-Hochberg adjusted over the suite; decided where &lt;= alpha
     * @param forksNeeded for an undecided benchmark: forks per JDK at which the interval would decide if the
     *                    estimate and the noise stayed as they are (-1: not within 500: at the margin, or too noisy)
     */
    public record Effect(
            String metric,
            String unit,
            String method,
            double ratio,
            Double ciLower,
            Double ciUpper,
            Double ciLevel,
            Double pValue,
            Double pAdjusted,
            int baselineN,
            int candidateN,
            Classification classification,
            Integer forksNeeded) {}

    /** A suite-wide geometric mean of per-benchmark ratios ({@code time-per-op}, {@code cpu-time-per-op}). */
    public record Overall(
            String metric,
            String method,
            int n,
            Double estimate,
            Double ciLower,
            Double ciUpper,
            double ciLevel,
            Classification classification,
            List<String> keys,
            List<Double> ratios) {}

    /** A quality gate: a check of the data's trustworthiness, passed or failed with the reason. */
    public record Gate(String name, boolean passed, String detail) {}
}
