package dev.verdict.stats.sequential;

import dev.verdict.stats.ConfidenceInterval;
import dev.verdict.stats.descriptive.SampleSummary;

/**
 * Continuous monitoring of a difference of means: the confidence sequence and the always-valid p-value of the
 * same normal mixture, from each arm's running summary. Call {@link #look} after any number of new
 * observations, passing the previous look's p-value (1 for the first look).
 */
public final class SequentialMeanDifference {

    private SequentialMeanDifference() {}

    public static SequentialResult look(
            ConfidenceSequence sequence, SampleSummary treatment, SampleSummary control, double previousPValue) {
        double estimate = treatment.mean() - control.mean();
        double v = treatment.variance() / treatment.n() + control.variance() / control.n();
        if (v == 0.0) {
            throw new IllegalArgumentException("the estimator variance is 0 (constant samples); a confidence "
                    + "sequence needs spread in the data or a known variance");
        }
        ConfidenceInterval ci = sequence.interval(estimate, v);
        double lr = sequence.likelihoodRatio(estimate, v, 0.0);
        double p = Msprt.nextPValue(previousPValue, lr);
        return new SequentialResult(
                "normal-mixture confidence sequence / mSPRT",
                treatment.n(),
                control.n(),
                estimate,
                v,
                ci,
                lr,
                p,
                p <= sequence.alpha());
    }
}
