package dev.verdict.stats.mean;

import dev.verdict.stats.Alternative;
import dev.verdict.stats.Checks;
import dev.verdict.stats.ConfidenceInterval;
import dev.verdict.stats.Distributions;

/**
 * Two-proportion z-test for conversion metrics, as R's {@code prop.test(c(s1, s2), c(n1, n2), correct = FALSE)}:
 * the p-value uses the pooled proportion, z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2)); the interval is the
 * unpooled Wald interval (p1 - p2) +- z(1 - alpha/2) sqrt(p1 (1 - p1) / n1 + p2 (1 - p2) / n2), clipped to
 * [-1, 1]; one-sided intervals end at -1 or 1 as in R.
 *
 * <p>If both groups are all failures or all successes the pooled variance is 0: R returns NaN; here the
 * p-value is 1 (the data show no difference) and the interval is [0, 0].
 */
public final class TwoProportionZTest {

    private TwoProportionZTest() {}

    public static ProportionTestResult test(long successes1, long n1, long successes2, long n2) {
        return test(successes1, n1, successes2, n2, Alternative.TWO_SIDED, 0.95);
    }

    public static ProportionTestResult test(
            long successes1, long n1, long successes2, long n2, Alternative alternative, double level) {
        check("1", successes1, n1);
        check("2", successes2, n2);
        if (alternative == null) {
            throw new IllegalArgumentException("alternative must not be null");
        }
        Checks.level(level);
        double p1 = (double) successes1 / n1;
        double p2 = (double) successes2 / n2;
        double delta = p1 - p2;
        double pooled = (double) (successes1 + successes2) / (n1 + n2);
        double pooledSe = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        double z;
        double p;
        if (pooledSe == 0.0) {
            z = 0.0;
            p = 1.0;
        } else {
            z = delta / pooledSe;
            p = Distributions.normalPValue(z, alternative);
        }
        double se = Math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
        double alpha = 1 - level;
        double q = Distributions.normalQuantile(alternative == Alternative.TWO_SIDED ? 1 - alpha / 2 : 1 - alpha);
        double width = q * se;
        double lower = alternative == Alternative.LESS ? -1.0 : Math.max(delta - width, -1.0);
        double upper = alternative == Alternative.GREATER ? 1.0 : Math.min(delta + width, 1.0);
        return new ProportionTestResult(
                "two-proportion z-test (pooled), Wald interval",
                alternative,
                n1,
                n2,
                successes1,
                successes2,
                p1,
                p2,
                delta,
                se,
                z,
                p,
                new ConfidenceInterval(lower, upper, level));
    }

    private static void check(String group, long successes, long n) {
        if (n < 1) {
            throw new IllegalArgumentException("n" + group + " must be >= 1, was " + n);
        }
        if (successes < 0 || successes > n) {
            throw new IllegalArgumentException(
                    "successes" + group + " must be in [0, n" + group + "], was " + successes + " of " + n);
        }
    }
}
