package dev.verdict.judge.classify;

import java.util.Map;

/**
 * One metric's outcome with the reason in words and the numbers that decided it.
 *
 * @param ratio mean(canary) / mean(baseline) (Kayenta's {@code resultMetadata.ratio}); null where a mean is 0, 1.0
 *     where the metric returned before the test (no data, identical or constant data)
 * @param critical true when this metric fails the canary on its own (Kayenta's meaning: it caused a critical
 *     failure, not "it is configured as critical")
 * @param numbers the test's figures by name (interval, estimate, bound, effect size, checks), in decision order
 */
public record Classification(
        MetricLabel label, String reason, Double ratio, boolean critical, Map<String, Object> numbers) {}
