package dev.verdict.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/**
 * Tail probabilities and quantiles computed so that small p-values keep their relative precision
 * ({@code 1 - cdf} would round a p-value of 1e-12 to a few significant digits).
 */
public final class Distributions {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0.0, 1.0);
    private static final double SQRT2 = Math.sqrt(2.0);

    private Distributions() {}

    /** P(Z &lt;= z) for a standard normal Z. */
    public static double normalCdf(double z) {
        return 0.5 * Erf.erfc(-z / SQRT2);
    }

    /** P(Z &gt; z) for a standard normal Z. */
    public static double normalUpper(double z) {
        return 0.5 * Erf.erfc(z / SQRT2);
    }

    /** Two-sided p-value 2 * P(Z &gt; |z|). */
    public static double normalTwoSided(double z) {
        return Math.min(1.0, 2.0 * normalUpper(Math.abs(z)));
    }

    /** The p-quantile of the standard normal. */
    public static double normalQuantile(double p) {
        return STANDARD_NORMAL.inverseCumulativeProbability(p);
    }

    /** P(T &gt; t) for Student's t with {@code df} degrees of freedom (df may be fractional, as in Welch). */
    public static double tUpper(double t, double df) {
        if (Double.isInfinite(t)) {
            return t > 0 ? 0.0 : 1.0;
        }
        double tail = 0.5 * Beta.regularizedBeta(df / (df + t * t), df / 2.0, 0.5);
        return t > 0 ? tail : 1.0 - tail;
    }

    /** P(T &lt;= t). */
    public static double tCdf(double t, double df) {
        return tUpper(-t, df);
    }

    /** Two-sided p-value 2 * P(T &gt; |t|). */
    public static double tTwoSided(double t, double df) {
        if (Double.isInfinite(t)) {
            return 0.0;
        }
        return Math.min(1.0, Beta.regularizedBeta(df / (df + t * t), df / 2.0, 0.5));
    }

    /** The p-quantile of Student's t. */
    public static double tQuantile(double p, double df) {
        return new TDistribution(null, df).inverseCumulativeProbability(p);
    }

    /** P(X &gt; x) for a chi-square X with {@code df} degrees of freedom. */
    public static double chiSquareUpper(double x, double df) {
        if (x <= 0) {
            return 1.0;
        }
        return Gamma.regularizedGammaQ(df / 2.0, x / 2.0);
    }

    /** p-value of a statistic with a standard normal null distribution, for the given alternative. */
    public static double normalPValue(double z, Alternative alternative) {
        return switch (alternative) {
            case TWO_SIDED -> normalTwoSided(z);
            case LESS -> normalCdf(z);
            case GREATER -> normalUpper(z);
        };
    }

    /** p-value of a t statistic for the given alternative. */
    public static double tPValue(double t, double df, Alternative alternative) {
        return switch (alternative) {
            case TWO_SIDED -> tTwoSided(t, df);
            case LESS -> tCdf(t, df);
            case GREATER -> tUpper(t, df);
        };
    }
}
