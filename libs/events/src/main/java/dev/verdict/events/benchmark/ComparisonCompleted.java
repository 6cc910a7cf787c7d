package dev.verdict.events.benchmark;

import dev.verdict.events.evidence.EvidenceReported;
import java.util.List;
import java.util.Map;

/**
 * {@code dev.verdict.benchmark.comparison-completed.v1} on {@code verdict.benchmarks.v1}, keyed by subject: a JDK
 * comparison of benchmark-harness finished (or was interrupted, then {@code complete} is false). Its results travel
 * as evidence items in the shape decision-records stores (kind {@code benchmark}): the suite-wide geometric means
 * ({@code time-per-op}, {@code cpu-time-per-op}) first, then per benchmark its score ratio and CPU-time-per-op
 * ratio, each with comparison {@code ratio(<candidate>/<baseline>)}.
 *
 * <p>The envelope id is derived from {@code comparisonId} (a UUID named by it), so publishing the same comparison
 * twice yields the same event id and the consumer's inbox drops the second copy.
 *
 * @param comparisonId    SHA-256 (hex) of the comparison's canonical content, subject and decision
 * @param runId           the harness run the samples come from
 * @param subject         catalog entity ref the comparison is about (also the event subject and Kafka key)
 * @param decision        optional decision ref, e.g. {@code ADR-0007}
 * @param baseline        label of the baseline JDK, e.g. {@code jdk17}
 * @param candidate       label of the candidate JDK, e.g. {@code jdk25}
 * @param complete        false if the run was interrupted and the comparison covers only part of the schedule
 * @param classifications per classification ({@code better}, {@code worse}, {@code equivalent}, {@code undecided},
 *                        {@code unsupported}, {@code insufficient-data}) the number of benchmarks (by score); before
 *                        #16 {@code no-significant-change} covered what is now equivalent or undecided
 * @param evidence        the evidence items, every one with kind {@code benchmark}
 */
public record ComparisonCompleted(
        String comparisonId,
        String runId,
        String subject,
        String decision,
        String baseline,
        String candidate,
        boolean complete,
        Map<String, Integer> classifications,
        List<EvidenceReported> evidence) {}
