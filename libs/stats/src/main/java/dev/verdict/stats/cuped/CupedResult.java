package dev.verdict.stats.cuped;

import dev.verdict.stats.mean.MeanDifferenceResult;

/**
 * CUPED comparison of treatment and control.
 *
 * @param theta              regression coefficient cov(Y, X) / var(X), pooled over both arms
 * @param covariateMean      pooled mean of the pre-period covariate X
 * @param adjusted           Welch comparison of the adjusted metric Y - theta (X - mean X)
 * @param unadjusted         Welch comparison of the raw metric, for reference
 * @param varianceReduction  1 - var(adjusted) / var(raw), pooled over both arms (0 = no gain; the squared
 *                           correlation between Y and X)
 */
public record CupedResult(
        double theta,
        double covariateMean,
        MeanDifferenceResult adjusted,
        MeanDifferenceResult unadjusted,
        double varianceReduction) {}
