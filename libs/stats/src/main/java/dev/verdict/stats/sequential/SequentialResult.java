package dev.verdict.stats.sequential;

import dev.verdict.stats.ConfidenceInterval;

/**
 * One look at a continuously monitored experiment.
 *
 * @param estimate           mean(treatment) - mean(control)
 * @param estimatorVariance  var_T / n_T + var_C / n_C
 * @param confidenceSequence anytime-valid interval at level 1 - alpha
 * @param likelihoodRatio    mSPRT mixture likelihood ratio against "no difference"
 * @param alwaysValidPValue  min over looks so far of 1 / likelihoodRatio (pass it back as previousPValue)
 * @param significant        alwaysValidPValue &lt;= alpha: safe to stop and declare a difference
 */
public record SequentialResult(
        String method,
        long nTreatment,
        long nControl,
        double estimate,
        double estimatorVariance,
        ConfidenceInterval confidenceSequence,
        double likelihoodRatio,
        double alwaysValidPValue,
        boolean significant) {}
