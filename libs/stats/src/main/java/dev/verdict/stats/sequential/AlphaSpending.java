package dev.verdict.stats.sequential;

import dev.verdict.stats.Checks;
import dev.verdict.stats.Distributions;

/**
 * Lan-DeMets alpha-spending functions (Lan &amp; DeMets 1983, Biometrika 70(3); Jennison &amp; Turnbull 2000,
 * "Group Sequential Methods with Applications to Clinical Trials", §7.2): how much of a two-sided error rate
 * alpha may have been spent by information fraction t (0 at t = 0, alpha at t = 1). Any number and timing of looks
 * up to t = 1 keeps the error at alpha, as long as the timing does not depend on the data.
 */
public enum AlphaSpending {
    /**
     * Each side spends 2 - 2 Phi(z_{1 - alpha/4} / sqrt(t)) of its alpha / 2 (the one-sided form applied per side, as
     * gsDesign's sfLDOF, rpact's asOF and ldbounds do it): next to nothing early, nearly all of alpha at the end, so a
     * design that reaches its planned size has almost the power of a fixed-horizon test.
     */
    OBRIEN_FLEMING {
        @Override
        double spend(double alpha, double t) {
            double z = -Distributions.normalQuantile(alpha / 4);
            return 4 * Distributions.normalUpper(z / Math.sqrt(t));
        }
    },
    /**
     * alpha log(1 + (e - 1) t) (Lan &amp; DeMets 1983; per side half of it): nearly constant boundaries, early stops for
     * large effects, less power at the end.
     */
    POCOCK {
        @Override
        double spend(double alpha, double t) {
            return alpha * Math.log1p((Math.E - 1) * t);
        }
    };

    abstract double spend(double alpha, double t);

    /** The error spent by information fraction {@code t}; fractions past 1 spend alpha, as at 1. */
    public double spent(double alpha, double t) {
        Checks.openProbability("alpha", alpha);
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("information fraction must be a finite number >= 0, was " + t);
        }
        if (t == 0) {
            return 0;
        }
        return t >= 1 ? alpha : Math.min(alpha, spend(alpha, t));
    }
}
