package dev.verdict.stats.sequential;

import dev.verdict.stats.Checks;
import dev.verdict.stats.ConfidenceInterval;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * Two-sided normal-mixture confidence sequence (Robbins 1970; Howard, Ramdas, McAuliffe, Sekhon 2021,
 * "Time-uniform, nonparametric, nonasymptotic confidence sequences", Annals of Statistics 49(2), eq. (14)) for a
 * parameter estimated by an asymptotically normal estimator whose variance V shrinks as data arrive (a mean, or
 * a difference of means with a fixed allocation ratio). With mixing variance tau^2 the interval is
 *
 * <pre>  estimate +- sqrt( V (V + tau^2) / tau^2 * ( log((V + tau^2) / V) + 2 log(1 / alpha) ) )</pre>
 *
 * and, by Ville's inequality applied to the mixture martingale
 * Lambda = sqrt(V / (V + tau^2)) exp(tau^2 (estimate - theta)^2 / (2 V (V + tau^2))), it covers theta at every
 * time simultaneously with probability &gt;= 1 - alpha: it may be checked after every observation and the
 * experiment stopped as soon as it excludes 0. This is the same mixture as the mSPRT of Johari, Koomen, Pekelis,
 * Walsh (2017/2022), see {@link Msprt}. For t i.i.d. observations of variance sigma^2 (V = sigma^2 / t) it is
 * Howard et al.'s boundary |S_t| &lt;= sqrt((t sigma^2 + rho) log((t sigma^2 + rho) / (rho alpha^2))) with
 * rho = sigma^4 / tau^2.
 *
 * <p>The guarantee is exact for Gaussian data with known variance; with the variance estimated from the data it
 * holds asymptotically (Waudby-Smith et al. 2021, "Time-uniform central limit theory"), so early looks (a few
 * dozen observations) are slightly optimistic.
 */
public final class ConfidenceSequence {

    private final double alpha;
    private final double mixingVariance;

    private ConfidenceSequence(double alpha, double mixingVariance) {
        this.alpha = alpha;
        this.mixingVariance = mixingVariance;
    }

    /**
     * @param alpha          error probability over the whole (unbounded) sequence of looks, e.g. 0.05
     * @param mixingVariance tau^2: the prior variance of the effect under the mixture; larger favours detecting
     *                       large effects early, smaller makes the sequence tighter later
     */
    public static ConfidenceSequence normalMixture(double alpha, double mixingVariance) {
        Checks.openProbability("alpha", alpha);
        Checks.positive("mixingVariance", mixingVariance);
        return new ConfidenceSequence(alpha, mixingVariance);
    }

    /**
     * The sequence whose interval is narrowest when the estimator variance equals {@code targetVariance}
     * (e.g. sigma_T^2 / n_T + sigma_C^2 / n_C at the planned sample size): tau^2 = r* V with r* minimising
     * (1 + 1 / r)(2 log(1 / alpha) + log(1 + r)).
     */
    public static ConfidenceSequence tunedFor(double alpha, double targetVariance) {
        Checks.openProbability("alpha", alpha);
        Checks.positive("targetVariance", targetVariance);
        double twoLog = 2 * Math.log(1 / alpha);
        BrentOptimizer optimizer = new BrentOptimizer(1e-12, 1e-14);
        double logR = optimizer
                .optimize(
                        new MaxEval(500),
                        new UnivariateObjectiveFunction(lr -> {
                            double r = Math.exp(lr);
                            return (1 + 1 / r) * (twoLog + Math.log1p(r));
                        }),
                        GoalType.MINIMIZE,
                        new SearchInterval(-20, 20, 0))
                .getPoint();
        return new ConfidenceSequence(alpha, Math.exp(logR) * targetVariance);
    }

    public double alpha() {
        return alpha;
    }

    public double mixingVariance() {
        return mixingVariance;
    }

    /** Half-width of the interval when the estimator's variance is {@code estimatorVariance}. */
    public double halfWidth(double estimatorVariance) {
        Checks.positive("estimatorVariance", estimatorVariance);
        double v = estimatorVariance;
        double t2 = mixingVariance;
        return Math.sqrt(v * (v + t2) / t2 * (Math.log1p(t2 / v) + 2 * Math.log(1 / alpha)));
    }

    /** The anytime-valid interval at level 1 - alpha. */
    public ConfidenceInterval interval(double estimate, double estimatorVariance) {
        Checks.finite("estimate", estimate);
        double h = halfWidth(estimatorVariance);
        return new ConfidenceInterval(estimate - h, estimate + h, 1 - alpha);
    }

    /**
     * Mixture likelihood ratio Lambda of "parameter = nullValue" (the mSPRT statistic). Evaluated in log space
     * and capped at Double.MAX_VALUE so huge effects don't overflow to Infinity.
     */
    public double likelihoodRatio(double estimate, double estimatorVariance, double nullValue) {
        Checks.finite("estimate", estimate);
        Checks.finite("nullValue", nullValue);
        Checks.positive("estimatorVariance", estimatorVariance);
        double v = estimatorVariance;
        double t2 = mixingVariance;
        double d = estimate - nullValue;
        double log = 0.5 * Math.log(v / (v + t2)) + t2 * d * d / (2 * v * (v + t2));
        return Math.min(Math.exp(log), Double.MAX_VALUE);
    }
}
