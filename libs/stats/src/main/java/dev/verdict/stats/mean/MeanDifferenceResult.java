package dev.verdict.stats.mean;

import dev.verdict.stats.Alternative;
import dev.verdict.stats.ConfidenceInterval;

/**
 * Difference of two means (first minus second) with its test.
 *
 * @param estimate          mean1 - mean2
 * @param standardError     sqrt(var1 / n1 + var2 / n2)
 * @param statistic         t (or z) statistic of the difference against 0
 * @param degreesOfFreedom  Welch-Satterthwaite degrees of freedom (fractional)
 */
public record MeanDifferenceResult(
        String method,
        Alternative alternative,
        long n1,
        long n2,
        double mean1,
        double mean2,
        double estimate,
        double standardError,
        double statistic,
        double degreesOfFreedom,
        double pValue,
        ConfidenceInterval confidenceInterval) {}
