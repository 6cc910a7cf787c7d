package dev.verdict.stats.rank;

import dev.verdict.stats.Alternative;
import dev.verdict.stats.ConfidenceInterval;

/**
 * Result of {@link MannWhitney#test}: the Wilcoxon rank-sum / Mann-Whitney test of x against y and the
 * Hodges-Lehmann estimate of the location shift x - y with its confidence interval.
 *
 * @param method                   human-readable method, R's wording (e.g. "Wilcoxon rank sum exact test")
 * @param alternative              the alternative hypothesis the p-value and interval refer to
 * @param n1                       size of x (treatment)
 * @param n2                       size of y (control)
 * @param statistic                W = U of x: number of pairs with x &gt; y, plus half the ties (R's "W")
 * @param pValue                   p-value in [0, 1]
 * @param exact                    true if the p-value and interval come from the exact null distribution
 * @param ties                     true if the combined sample has ties
 * @param estimate                 Hodges-Lehmann shift estimate: the median of all differences x[i] - y[j]
 * @param confidenceInterval       interval for the shift at the requested level
 * @param achievedConfidenceLevel  the coverage the exact interval really has (discreteness can make it differ
 *                                 from the requested one, as R warns "requested conf.level not achievable");
 *                                 equal to the requested level for the normal approximation
 */
public record MannWhitneyResult(
        String method,
        Alternative alternative,
        int n1,
        int n2,
        double statistic,
        double pValue,
        boolean exact,
        boolean ties,
        double estimate,
        ConfidenceInterval confidenceInterval,
        double achievedConfidenceLevel) {}
