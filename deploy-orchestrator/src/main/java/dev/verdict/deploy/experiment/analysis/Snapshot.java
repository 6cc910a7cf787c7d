package dev.verdict.deploy.experiment.analysis;

import java.util.List;

/**
 * One analysis of an experiment's phase: the sample-ratio check, each (metric, treatment) comparison with its
 * fixed-horizon, CUPED, sequential and multiplicity-adjusted numbers, the guardrails, and what to do now.
 *
 * @param status       {@code blocked} (sample ratio mismatch: results are not trustworthy), {@code conclusive} (the
 *                     primary metric's confidence sequence excludes no change, or a guardrail is violated),
 *                     {@code running} (keep collecting), {@code no-data}
 * @param recommendation the status in words, with the numbers that decided it
 * @param stoppingRule the rule the status applies, in words
 */
public record Snapshot(
        String status,
        String recommendation,
        String stoppingRule,
        double alpha,
        Srm srm,
        List<Comparison> comparisons) {

    /** Arm sizes against the planned split; {@code mismatch} blocks every conclusion. */
    public record Srm(List<String> variations, long[] observed, double[] expected, double pValue, boolean mismatch) {}

    /**
     * One metric, one treatment against the control.
     *
     * @param role      primary, secondary or guardrail
     * @param lift      relative lift of the raw means (delta method), fixed horizon
     * @param cuped     relative lift of the CUPED-adjusted means (pooled θ), fixed horizon; equal to {@code lift}
     *                  when the metric has no pre-period covariate
     * @param sequential the sequential interval of the adjusted difference on the relative scale (divided by the
     *                  control mean) and the state of the stopping rule (see {@link Sequential})
     * @param holmP     Holm-adjusted p-value of {@code cuped} across the primary and secondary comparisons
     * @param bhP       Benjamini-Hochberg-adjusted p-value across the same
     * @param adjusted  the CUPED lift interval at the Bonferroni level 1 − α/m, simultaneous over the m comparisons
     *                  (valid alongside Holm's decisions); null for guardrails
     * @param guardrail for a guardrail: {@code ok}, {@code violated} or {@code inconclusive}; else null
     */
    public record Comparison(
            String metric,
            String role,
            String variation,
            long nTreatment,
            long nControl,
            double meanTreatment,
            double meanControl,
            Interval lift,
            Interval cuped,
            double theta,
            double varianceReduction,
            Sequential sequential,
            Double holmP,
            Double bhP,
            Interval adjusted,
            String guardrail) {

        /** This comparison with its multiplicity-adjusted p-values and interval. */
        public Comparison adjusted(double holm, double bh, Interval interval) {
            return new Comparison(
                    metric,
                    role,
                    variation,
                    nTreatment,
                    nControl,
                    meanTreatment,
                    meanControl,
                    lift,
                    cuped,
                    theta,
                    varianceReduction,
                    sequential,
                    holm,
                    bh,
                    interval,
                    guardrail);
        }

        /** This comparison with a guardrail verdict. */
        public Comparison guarded(String verdict) {
            return new Comparison(
                    metric,
                    role,
                    variation,
                    nTreatment,
                    nControl,
                    meanTreatment,
                    meanControl,
                    lift,
                    cuped,
                    theta,
                    varianceReduction,
                    sequential,
                    holmP,
                    bhP,
                    adjusted,
                    verdict);
        }
    }

    public record Interval(double estimate, double lower, double upper, double level, double pValue) {}

    /**
     * The sequential test of one comparison at this look (ADR-0007): a group-sequential test with O'Brien-Fleming-type
     * alpha spending over the planned sample size, at alpha minus a tenth of it, and a normal-mixture confidence
     * sequence at the tenth, valid at every look; either one excluding no change stops the experiment.
     *
     * @param lower               lower end of the interval both parts allow: the repeated confidence interval of this
     *                            look's boundary intersected with the confidence sequence and with the previous
     *                            looks' interval (relative scale)
     * @param upper               upper end of the same
     * @param alwaysValidP        the confidence sequence's always-valid p-value (running minimum over the looks)
     * @param significant         no change has been excluded at this look or an earlier one: safe to stop
     * @param decidedBy           the part that excluded it first; null while running
     * @param z                   the adjusted difference over its standard error at this look
     * @param informationFraction units so far over the planned units per arm (the balanced equivalent)
     * @param boundary            the |z| the group-sequential test needed at this look; null if this snapshot was not a
     *                            look of it (too close to the previous look, or past the planned size)
     * @param alphaSpent          the error the group-sequential looks so far have spent
     * @param looks               the information fractions of the group-sequential looks so far (their boundaries
     *                            follow from them alone)
     */
    public record Sequential(
            double lower,
            double upper,
            double alwaysValidP,
            boolean significant,
            SequentialBoundary decidedBy,
            double z,
            double informationFraction,
            Double boundary,
            double alphaSpent,
            List<Double> looks) {}
}
