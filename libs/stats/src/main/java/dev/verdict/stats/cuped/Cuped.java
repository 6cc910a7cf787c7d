package dev.verdict.stats.cuped;

import dev.verdict.stats.Alternative;
import dev.verdict.stats.Checks;
import dev.verdict.stats.descriptive.Descriptive;
import dev.verdict.stats.mean.WelchTTest;

/**
 * CUPED variance reduction (Deng, Xu, Kohavi, Walker 2013): each unit's metric Y is adjusted with its
 * pre-experiment covariate X as Y' = Y - theta (X - mean(X)), theta = cov(Y, X) / var(X) estimated on both arms
 * pooled (so the adjustment is the same for both arms and the difference stays unbiased). The adjusted means are
 * then compared with Welch's t-test; the interval ignores the (small, O(1/n)) uncertainty in theta, as is
 * standard practice.
 *
 * <p>If the covariate is constant, theta is 0 and the result equals the unadjusted comparison.
 */
public final class Cuped {

    private Cuped() {}

    /** theta = cov(y, x) / var(x) (0 when x is constant). */
    public static double theta(double[] y, double[] x) {
        Checks.sample("y", y, 2);
        Checks.sample("x", x, 2);
        Checks.sameLength("y", y, "x", x);
        double my = Descriptive.mean(y);
        double mx = Descriptive.mean(x);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < y.length; i++) {
            double dx = x[i] - mx;
            sxy += dx * (y[i] - my);
            sxx += dx * dx;
        }
        return sxx == 0.0 ? 0.0 : sxy / sxx;
    }

    /** Y - theta (X - covariateMean). */
    public static double[] adjust(double[] y, double[] x, double theta, double covariateMean) {
        Checks.sameLength("y", y, "x", x);
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i] - theta * (x[i] - covariateMean);
        }
        return out;
    }

    /**
     * Compares treatment and control with CUPED. {@code yT[i]} and {@code xT[i]} belong to the same unit.
     * Each arm needs at least 2 units.
     */
    public static CupedResult compare(
            double[] yTreatment,
            double[] xTreatment,
            double[] yControl,
            double[] xControl,
            Alternative alternative,
            double level) {
        Checks.sample("yTreatment", yTreatment, 2);
        Checks.sample("xTreatment", xTreatment, 2);
        Checks.sample("yControl", yControl, 2);
        Checks.sample("xControl", xControl, 2);
        Checks.sameLength("yTreatment", yTreatment, "xTreatment", xTreatment);
        Checks.sameLength("yControl", yControl, "xControl", xControl);
        double[] yAll = concat(yTreatment, yControl);
        double[] xAll = concat(xTreatment, xControl);
        double theta = theta(yAll, xAll);
        double mx = Descriptive.mean(xAll);
        double[] adjT = adjust(yTreatment, xTreatment, theta, mx);
        double[] adjC = adjust(yControl, xControl, theta, mx);
        double rawVar = Descriptive.variance(yAll);
        double adjVar = Descriptive.variance(concat(adjT, adjC));
        double reduction = rawVar == 0.0 ? 0.0 : 1.0 - adjVar / rawVar;
        return new CupedResult(
                theta,
                mx,
                WelchTTest.test(adjT, adjC, alternative, level),
                WelchTTest.test(yTreatment, yControl, alternative, level),
                reduction);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
