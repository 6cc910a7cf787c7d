package dev.verdict.stats.descriptive;

import dev.verdict.stats.Checks;
import dev.verdict.stats.ConfidenceInterval;
import dev.verdict.stats.Distributions;

/**
 * Geometric mean of ratios (e.g. per-benchmark score ratios jdk25 / jdk17) with a t confidence interval computed
 * on the log scale and transformed back: exp(mean(log r) +- t(n-1) sd(log r) / sqrt(n)). Ratios must be
 * positive; at least two are needed for the interval. Constant ratios give a zero-width interval.
 */
public final class GeometricMean {

    private GeometricMean() {}

    /** Estimate and interval; {@code logMean} and {@code logStandardError} are on the natural-log scale. */
    public record Result(
            int n, double estimate, ConfidenceInterval confidenceInterval, double logMean, double logStandardError) {}

    public static Result ofRatios(double[] ratios, double level) {
        Checks.sample("ratios", ratios, 2);
        Checks.level(level);
        double[] logs = new double[ratios.length];
        for (int i = 0; i < ratios.length; i++) {
            if (!(ratios[i] > 0)) {
                throw new IllegalArgumentException(
                        "ratios[" + i + "] is " + ratios[i] + "; a geometric mean needs positive ratios");
            }
            logs[i] = Math.log(ratios[i]);
        }
        int n = logs.length;
        double mean = Descriptive.meanUnchecked(logs);
        double se = Math.sqrt(Descriptive.variance(logs) / n);
        double t = Distributions.tQuantile(1 - (1 - level) / 2, n - 1);
        return new Result(
                n,
                Math.exp(mean),
                new ConfidenceInterval(Math.exp(mean - t * se), Math.exp(mean + t * se), level),
                mean,
                se);
    }

    /** Geometric mean of numerators[i] / denominators[i] (paired measurements). */
    public static Result ofRatios(double[] numerators, double[] denominators, double level) {
        Checks.sample("numerators", numerators, 2);
        Checks.sample("denominators", denominators, 2);
        Checks.sameLength("numerators", numerators, "denominators", denominators);
        double[] r = new double[numerators.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = numerators[i] / denominators[i];
        }
        return ofRatios(r, level);
    }
}
