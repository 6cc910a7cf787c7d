package dev.verdict.stats.cuped;

import dev.verdict.stats.descriptive.SampleSummary;

/**
 * One arm's sufficient statistics for CUPED, as a stream aggregation keeps them: unit count and the sums of the metric
 * Y, the pre-period covariate X, their squares and their product over the arm's units. Lets analysis run without raw
 * samples ({@link #adjusted}); {@link Cuped#compare} is the same computation on arrays.
 */
public record Moments(long n, double sumY, double sumY2, double sumX, double sumX2, double sumXY) {

    public static Moments of(double[] y, double[] x) {
        double sy = 0;
        double syy = 0;
        double sx = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < y.length; i++) {
            sy += y[i];
            syy += y[i] * y[i];
            sx += x[i];
            sxx += x[i] * x[i];
            sxy += x[i] * y[i];
        }
        return new Moments(y.length, sy, syy, sx, sxx, sxy);
    }

    public Moments plus(Moments o) {
        return new Moments(n + o.n, sumY + o.sumY, sumY2 + o.sumY2, sumX + o.sumX, sumX2 + o.sumX2, sumXY + o.sumXY);
    }

    /** The metric's own summary, no adjustment. */
    public SampleSummary raw() {
        return new SampleSummary(n, sumY / n, variance(sumY, sumY2));
    }

    /**
     * theta = cov(Y, X) / var(X) over all the given arms pooled (0 when X is constant), as {@link Cuped#theta} on
     * the arms' units together.
     */
    public static double theta(Moments... arms) {
        Moments all = pooled(arms);
        double mx = all.sumX / all.n;
        double my = all.sumY / all.n;
        double sxx = all.sumX2 - all.n * mx * mx;
        double sxy = all.sumXY - all.n * mx * my;
        return sxx <= 0 ? 0.0 : sxy / sxx;
    }

    /** The pooled mean of X over the arms. */
    public static double covariateMean(Moments... arms) {
        Moments all = pooled(arms);
        return all.sumX / all.n;
    }

    /**
     * The summary of this arm's adjusted metric Y − θ(X − covariateMean): mean and unbiased variance, computed from
     * the sums (var(Y − θX) = var Y − 2θ cov(X, Y) + θ² var X within the arm).
     */
    public SampleSummary adjusted(double theta, double covariateMean) {
        double my = sumY / n;
        double mx = sumX / n;
        double vy = variance(sumY, sumY2);
        double vx = variance(sumX, sumX2);
        double cxy = n < 2 ? 0 : (sumXY - n * mx * my) / (n - 1);
        double v = Math.max(0, vy - 2 * theta * cxy + theta * theta * vx);
        return new SampleSummary(n, my - theta * (mx - covariateMean), v);
    }

    private double variance(double sum, double sumSquares) {
        if (n < 2) {
            return 0;
        }
        double m = sum / n;
        return Math.max(0, (sumSquares - n * m * m) / (n - 1));
    }

    private static Moments pooled(Moments... arms) {
        Moments all = new Moments(0, 0, 0, 0, 0, 0);
        for (Moments a : arms) {
            all = all.plus(a);
        }
        if (all.n == 0) {
            throw new IllegalArgumentException("no units in any arm");
        }
        return all;
    }
}
