package dev.verdict.stats.mean;

import dev.verdict.stats.Alternative;
import dev.verdict.stats.Checks;
import dev.verdict.stats.ConfidenceInterval;
import dev.verdict.stats.Distributions;
import dev.verdict.stats.descriptive.SampleSummary;

/**
 * Welch's unequal-variance t-test for the difference of two means, as R's {@code t.test(x, y)} (default
 * {@code var.equal = FALSE}) and SciPy's {@code ttest_ind(equal_var = False)}.
 *
 * <p>Each sample needs at least two observations (IllegalArgumentException otherwise). If both samples are
 * constant the standard error is 0: R stops with "data are essentially constant"; here the result is
 * deterministic instead: equal means give t = 0 and p = 1, different means give t = +-Infinity and p = 0, and
 * the interval is the single point {@code estimate}; the degrees of freedom are then n1 + n2 - 2.
 */
public final class WelchTTest {

    private WelchTTest() {}

    /** Two-sided test at 0.95 of mean(x) - mean(y). */
    public static MeanDifferenceResult test(double[] x, double[] y) {
        return test(x, y, Alternative.TWO_SIDED, 0.95);
    }

    public static MeanDifferenceResult test(double[] x, double[] y, Alternative alternative, double level) {
        Checks.sample("x", x, 2);
        Checks.sample("y", y, 2);
        return test(SampleSummary.of(x), SampleSummary.of(y), alternative, level);
    }

    /** The same test from sufficient statistics (both n &gt;= 2). */
    public static MeanDifferenceResult test(SampleSummary a, SampleSummary b, Alternative alternative, double level) {
        if (a.n() < 2 || b.n() < 2) {
            throw new IllegalArgumentException(
                    "Welch's t-test needs at least 2 observations per sample, had " + a.n() + " and " + b.n());
        }
        if (alternative == null) {
            throw new IllegalArgumentException("alternative must not be null");
        }
        Checks.level(level);
        double va = a.variance() / a.n();
        double vb = b.variance() / b.n();
        double se = Math.sqrt(va + vb);
        double estimate = a.mean() - b.mean();
        double df;
        double t;
        double p;
        double lower;
        double upper;
        if (se == 0.0) {
            df = a.n() + b.n() - 2.0;
            t = estimate == 0.0 ? 0.0 : Math.copySign(Double.POSITIVE_INFINITY, estimate);
            p = Distributions.tPValue(t, df, alternative);
            lower = alternative == Alternative.LESS ? Double.NEGATIVE_INFINITY : estimate;
            upper = alternative == Alternative.GREATER ? Double.POSITIVE_INFINITY : estimate;
        } else {
            df = (va + vb) * (va + vb) / (va * va / (a.n() - 1) + vb * vb / (b.n() - 1));
            t = estimate / se;
            p = Distributions.tPValue(t, df, alternative);
            double alpha = 1 - level;
            double q = Distributions.tQuantile(alternative == Alternative.TWO_SIDED ? 1 - alpha / 2 : 1 - alpha, df);
            lower = alternative == Alternative.LESS ? Double.NEGATIVE_INFINITY : estimate - q * se;
            upper = alternative == Alternative.GREATER ? Double.POSITIVE_INFINITY : estimate + q * se;
        }
        return new MeanDifferenceResult(
                "Welch Two Sample t-test",
                alternative,
                a.n(),
                b.n(),
                a.mean(),
                b.mean(),
                estimate,
                se,
                t,
                df,
                p,
                new ConfidenceInterval(lower, upper, level));
    }
}
