package dev.verdict.stats.srm;

/**
 * Outcome of a sample ratio mismatch check.
 *
 * @param observed       observed counts per arm
 * @param expected       expected counts under the planned split
 * @param chiSquare      Pearson chi-square statistic
 * @param degreesOfFreedom arms - 1
 * @param pValue         upper-tail chi-square p-value
 * @param threshold      p-value below which a mismatch is declared (0.001 is common practice)
 * @param mismatch       pValue &lt; threshold: the assignment is broken and the experiment's results are not
 *                       trustworthy
 */
public record SrmResult(
        long[] observed,
        double[] expected,
        double chiSquare,
        int degreesOfFreedom,
        double pValue,
        double threshold,
        boolean mismatch) {}
