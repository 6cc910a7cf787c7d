package dev.verdict.stats.srm;

import dev.verdict.stats.Checks;
import dev.verdict.stats.Distributions;

/**
 * Sample ratio mismatch (SRM) check: Pearson chi-square goodness of fit of the observed arm sizes against the
 * planned allocation, as SciPy's {@code chisquare(observed, expected)}. A tiny p-value means units were not
 * assigned as planned (bugs, bot filtering, redirects), which invalidates the comparison.
 */
public final class SampleRatioMismatch {

    /** Conventional threshold: SRM checks run on every experiment, so they use a strict alpha. */
    public static final double DEFAULT_THRESHOLD = 0.001;

    private SampleRatioMismatch() {}

    /**
     * @param observed observed counts per arm (&gt;= 2 arms, each &gt;= 0, total &gt; 0)
     * @param weights  planned allocation per arm, any positive scale (e.g. {50, 50} or {0.2, 0.8})
     */
    public static SrmResult check(long[] observed, double[] weights, double threshold) {
        if (observed == null || weights == null) {
            throw new IllegalArgumentException("observed and weights must not be null");
        }
        if (observed.length < 2) {
            throw new IllegalArgumentException("an SRM check needs at least 2 arms, had " + observed.length);
        }
        if (observed.length != weights.length) {
            throw new IllegalArgumentException("observed and weights must have the same length, were " + observed.length
                    + " and " + weights.length);
        }
        Checks.openProbability("threshold", threshold);
        long total = 0;
        double weightSum = 0;
        for (int i = 0; i < observed.length; i++) {
            if (observed[i] < 0) {
                throw new IllegalArgumentException("observed[" + i + "] is negative: " + observed[i]);
            }
            Checks.positive("weights[" + i + "]", weights[i]);
            total += observed[i];
            weightSum += weights[i];
        }
        if (total == 0) {
            throw new IllegalArgumentException("no observations: all counts are 0");
        }
        double[] expected = new double[observed.length];
        double chi2 = 0;
        for (int i = 0; i < observed.length; i++) {
            expected[i] = total * (weights[i] / weightSum);
            double d = observed[i] - expected[i];
            chi2 += d * d / expected[i];
        }
        int df = observed.length - 1;
        double p = Distributions.chiSquareUpper(chi2, df);
        return new SrmResult(observed.clone(), expected, chi2, df, p, threshold, p < threshold);
    }

    public static SrmResult check(long[] observed, double[] weights) {
        return check(observed, weights, DEFAULT_THRESHOLD);
    }
}
