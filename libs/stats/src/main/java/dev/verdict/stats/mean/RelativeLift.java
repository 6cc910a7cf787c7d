package dev.verdict.stats.mean;

import dev.verdict.stats.Checks;
import dev.verdict.stats.ConfidenceInterval;
import dev.verdict.stats.Distributions;
import dev.verdict.stats.descriptive.SampleSummary;

/**
 * Relative lift {@code L = mT / mC - 1} with a delta-method confidence interval for independent samples:
 * Var(mT / mC) ~= Var(mT) / mC^2 + mT^2 Var(mC) / mC^4, with Var(m) = s^2 / n, and the interval
 * L +- z(1 - alpha/2) sqrt(Var). (First-order Taylor expansion of the ratio; reliable when the control mean is
 * many standard errors away from 0. Deng, Knoblich, Lu 2018, "Applying the Delta Method in Metric Analytics".)
 *
 * <p>The control mean must be non-zero. Constant samples give a zero standard error: the interval is the point
 * estimate and the p-value is 1 for no lift, 0 otherwise.
 */
public final class RelativeLift {

    private RelativeLift() {}

    public static LiftResult deltaMethod(double[] treatment, double[] control, double level) {
        Checks.sample("treatment", treatment, 2);
        Checks.sample("control", control, 2);
        return deltaMethod(SampleSummary.of(treatment), SampleSummary.of(control), level);
    }

    public static LiftResult deltaMethod(SampleSummary treatment, SampleSummary control, double level) {
        Checks.level(level);
        double mt = treatment.mean();
        double mc = control.mean();
        if (mc == 0.0) {
            throw new IllegalArgumentException("relative lift is undefined when the control mean is 0");
        }
        double vt = treatment.variance() / treatment.n();
        double vc = control.variance() / control.n();
        double ratio = mt / mc;
        double var = vt / (mc * mc) + ratio * ratio * vc / (mc * mc);
        double se = Math.sqrt(var);
        double lift = ratio - 1.0;
        double z;
        double p;
        if (se == 0.0) {
            z = lift == 0.0 ? 0.0 : Math.copySign(Double.POSITIVE_INFINITY, lift);
            p = lift == 0.0 ? 1.0 : 0.0;
        } else {
            z = lift / se;
            p = Distributions.normalTwoSided(z);
        }
        double q = Distributions.normalQuantile(1 - (1 - level) / 2);
        return new LiftResult(
                "relative lift, delta method",
                treatment.n(),
                control.n(),
                mt,
                mc,
                lift,
                se,
                z,
                p,
                new ConfidenceInterval(lift - q * se, lift + q * se, level));
    }
}
