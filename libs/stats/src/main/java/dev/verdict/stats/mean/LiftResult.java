package dev.verdict.stats.mean;

import dev.verdict.stats.ConfidenceInterval;

/**
 * Relative lift of treatment over control, {@code meanTreatment / meanControl - 1}, e.g. 0.05 = +5 %.
 *
 * @param standardError delta-method standard error of the lift
 * @param statistic     z = estimate / standardError
 * @param pValue        two-sided normal p-value for "no lift"
 */
public record LiftResult(
        String method,
        long nTreatment,
        long nControl,
        double meanTreatment,
        double meanControl,
        double estimate,
        double standardError,
        double statistic,
        double pValue,
        ConfidenceInterval confidenceInterval) {}
