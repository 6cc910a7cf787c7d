package dev.verdict.stats.bootstrap;

import dev.verdict.stats.ConfidenceInterval;

/**
 * Bootstrap estimate of a two-sample statistic (treatment / control) with its interval.
 *
 * @param method            "percentile" or "BCa", plus a note if BCa fell back to percentile
 * @param statistic         what was estimated, e.g. "ratio of means"
 * @param estimate          the statistic on the original samples
 * @param standardError     standard deviation of the bootstrap replicates
 * @param biasCorrection    BCa z0 (NaN-free: 0 for the percentile method)
 * @param acceleration      BCa a (0 for the percentile method)
 * @param resamples         number of bootstrap resamples
 * @param seed              seed of the resampling; the same inputs and seed give the same result bit for bit
 */
public record BootstrapResult(
        String method,
        String statistic,
        int n1,
        int n2,
        double estimate,
        ConfidenceInterval confidenceInterval,
        double standardError,
        double biasCorrection,
        double acceleration,
        int resamples,
        long seed) {}
