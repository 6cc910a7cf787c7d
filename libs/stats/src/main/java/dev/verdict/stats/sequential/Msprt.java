package dev.verdict.stats.sequential;

/**
 * Always-valid p-values from the mixture sequential probability ratio test (mSPRT; Johari, Koomen, Pekelis,
 * Walsh, "Always valid inference: continuous monitoring of A/B tests", Operations Research 70(3), 2022):
 * p_n = min(p_{n-1}, 1 / Lambda_n) with p_0 = 1. Rejecting when p_n &lt;= alpha at any look keeps the type I
 * error &lt;= alpha however often one looks, and {p_n &gt; alpha} is exactly the event that 0 lies in the
 * matching {@link ConfidenceSequence} at every look so far.
 */
public final class Msprt {

    private Msprt() {}

    /** The next always-valid p-value given the previous one (1 at the start) and the current Lambda. */
    public static double nextPValue(double previousPValue, double likelihoodRatio) {
        if (!(previousPValue >= 0 && previousPValue <= 1)) {
            throw new IllegalArgumentException("previous p-value must be in [0, 1], was " + previousPValue);
        }
        if (!(likelihoodRatio >= 0) || Double.isNaN(likelihoodRatio)) {
            throw new IllegalArgumentException("likelihood ratio must be >= 0, was " + likelihoodRatio);
        }
        return Math.min(previousPValue, Math.min(1.0, 1.0 / likelihoodRatio));
    }
}
