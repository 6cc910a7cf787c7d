package dev.verdict.stats.mean;

import dev.verdict.stats.Alternative;
import dev.verdict.stats.ConfidenceInterval;

/**
 * Two-proportion comparison (first minus second).
 *
 * @param estimate      p1 - p2
 * @param standardError unpooled standard error used for the interval
 * @param statistic     pooled z statistic used for the p-value (z^2 is R's prop.test X-squared)
 */
public record ProportionTestResult(
        String method,
        Alternative alternative,
        long n1,
        long n2,
        long successes1,
        long successes2,
        double proportion1,
        double proportion2,
        double estimate,
        double standardError,
        double statistic,
        double pValue,
        ConfidenceInterval confidenceInterval) {}
