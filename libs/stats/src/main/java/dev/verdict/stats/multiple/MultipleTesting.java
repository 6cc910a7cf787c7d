package dev.verdict.stats.multiple;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Adjusted p-values for families of tests (a canary judges dozens of metrics at once), as R's
 * {@code p.adjust(p, "holm")} and {@code p.adjust(p, "BH")}. Results are in the input order; reject where the
 * adjusted p-value is &lt;= alpha. Holm controls the family-wise error rate, Benjamini-Hochberg the false
 * discovery rate (under independence or positive dependence).
 */
public final class MultipleTesting {

    private MultipleTesting() {}

    /** Holm-Bonferroni step-down: p_(i) * (m - i + 1), made monotone non-decreasing, capped at 1. */
    public static double[] holm(double[] pValues) {
        check(pValues);
        int m = pValues.length;
        Integer[] order = sortedIndices(pValues, false);
        double[] adjusted = new double[m];
        double running = 0.0;
        for (int i = 0; i < m; i++) {
            int idx = order[i];
            running = Math.max(running, Math.min(1.0, (m - i) * pValues[idx]));
            adjusted[idx] = running;
        }
        return adjusted;
    }

    /** Benjamini-Hochberg step-up: p_(i) * m / i, made monotone from the largest down, capped at 1. */
    public static double[] benjaminiHochberg(double[] pValues) {
        check(pValues);
        int m = pValues.length;
        Integer[] order = sortedIndices(pValues, true);
        double[] adjusted = new double[m];
        double running = 1.0;
        for (int i = 0; i < m; i++) {
            int idx = order[i];
            int rank = m - i; // 1-based rank in ascending order
            running = Math.min(running, (double) m / rank * pValues[idx]);
            adjusted[idx] = Math.min(1.0, running);
        }
        return adjusted;
    }

    private static Integer[] sortedIndices(double[] p, boolean descending) {
        Comparator<Integer> byP = Comparator.comparingDouble(i -> p[i]);
        // stable: ties keep input order, as R's order()
        return IntStream.range(0, p.length)
                .boxed()
                .sorted(descending ? byP.reversed() : byP)
                .toArray(Integer[]::new);
    }

    private static void check(double[] pValues) {
        if (pValues == null || pValues.length == 0) {
            throw new IllegalArgumentException("p-values must not be null or empty");
        }
        for (int i = 0; i < pValues.length; i++) {
            double p = pValues[i];
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException("pValues[" + i + "] is " + p + "; p-values must be in [0, 1]");
            }
        }
    }

    /** Indices (input order) whose adjusted p-value is &lt;= alpha. */
    public static int[] rejected(double[] adjusted, double alpha) {
        return IntStream.range(0, adjusted.length)
                .filter(i -> adjusted[i] <= alpha)
                .toArray();
    }
}
