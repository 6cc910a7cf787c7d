package dev.verdict.stats.sequential;

import static dev.verdict.stats.Golden.close;

import org.junit.jupiter.api.Test;

/**
 * Our (estimate, estimator-variance, tau^2) parametrisation against the papers' formulas evaluated in R by
 * {@code Rscript libs/stats/src/test/golden/r_reference.R} (lines "cs_t..."): Howard et al. (2021) eq. (14)
 * boundary sqrt((t s2 + rho) log((t s2 + rho) / (rho alpha^2))) / t, and Johari et al.'s mSPRT ratio
 * sqrt(V / (V + t tau2)) exp(t^2 tau2 est^2 / (2 V (V + t tau2))) with tau2 = s2^2 / rho.
 */
class ConfidenceSequenceGoldenTest {

    private static void check(double t, double s2, double rho, double est, double halfWidth, double lambda) {
        ConfidenceSequence cs = ConfidenceSequence.normalMixture(0.05, s2 * s2 / rho);
        close(halfWidth, cs.halfWidth(s2 / t), 1e-12, 1e-300, "half-width");
        close(lambda, cs.likelihoodRatio(est, s2 / t, 0.0), 1e-10, 1e-300, "lambda");
    }

    @Test
    void matchesHowardAndJohariFormulas() {
        // cs_t10: halfwidth=2.1249786810431823 lambda=0.6646298875869342
        check(10, 4, 25, 0.3, 2.1249786810431823, 0.6646298875869342);
        // cs_t1000: halfwidth=0.15175690742803838 lambda=3124023.9634627653
        check(1000, 2.5, 300, 0.3, 0.15175690742803838, 3124023.9634627653);
        // cs_t50000: halfwidth=0.0019551914562093483 lambda=31.149472513648561
        check(50000, 0.01, 1e-3, 0.002, 0.0019551914562093483, 31.149472513648561);
    }
}
