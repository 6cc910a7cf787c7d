package dev.verdict.stats.descriptive;

import dev.verdict.stats.Checks;

/**
 * Sufficient statistics of one sample for mean-based methods (Welch, lift, CUPED, confidence sequences):
 * size, mean and unbiased (n - 1) variance. Lets callers that keep running aggregates skip raw samples.
 */
public record SampleSummary(long n, double mean, double variance) {

    public SampleSummary {
        if (n < 1) {
            throw new IllegalArgumentException("sample size must be >= 1, was " + n);
        }
        Checks.finite("mean", mean);
        Checks.finite("variance", variance);
        if (variance < 0) {
            throw new IllegalArgumentException("variance must be >= 0, was " + variance);
        }
    }

    /** Summary of a sample of at least two finite values. */
    public static SampleSummary of(double[] values) {
        Checks.sample("sample", values, 2);
        return new SampleSummary(values.length, Descriptive.mean(values), Descriptive.variance(values));
    }

    public double standardDeviation() {
        return Math.sqrt(variance);
    }

    /** Standard error of the mean, sqrt(variance / n). */
    public double standardError() {
        return Math.sqrt(variance / n);
    }
}
