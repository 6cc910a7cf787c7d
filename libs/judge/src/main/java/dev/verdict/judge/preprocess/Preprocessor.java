package dev.verdict.judge.preprocess;

import dev.verdict.judge.config.MetricConfig;
import dev.verdict.stats.descriptive.Descriptive;
import java.util.Arrays;

/**
 * The first stage, per metric and per side, in Kayenta's order: missing points (NaN) removed or replaced by 0, then,
 * if the metric asks for it, outliers removed with Kayenta's IQR fences. Infinite values are kept, as in Kayenta.
 */
public final class Preprocessor {

    private Preprocessor() {}

    public static double[] prepare(MetricConfig m, double[] raw) {
        double[] v = m.removeNaN()
                ? Arrays.stream(raw).filter(x -> !Double.isNaN(x)).toArray()
                : Arrays.stream(raw).map(x -> Double.isNaN(x) ? 0.0 : x).toArray();
        return m.outlierFactor() == null ? v : removeOutliers(v, m.outlierFactor());
    }

    /**
     * Drops values strictly outside {@code [min(P1, Q1 - f*IQR), max(P99, Q3 + f*IQR)]} (type-7 percentiles):
     * Kayenta's IQR detector with its reduced sensitivity, which never cuts inside the 1st..99th percentile. Returns
     * the kept values in ascending order: nothing after this stage depends on order, and the sorted copy the
     * percentiles need is then the test's input too (the sort in Mann-Whitney finds it sorted).
     */
    public static double[] removeOutliers(double[] v, double factor) {
        if (v.length == 0) {
            return v;
        }
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        double p1 = Descriptive.percentileOfSorted(sorted, 0.01);
        double q1 = Descriptive.percentileOfSorted(sorted, 0.25);
        double q3 = Descriptive.percentileOfSorted(sorted, 0.75);
        double p99 = Descriptive.percentileOfSorted(sorted, 0.99);
        double iqr = q3 - q1;
        double low = Math.min(p1, q1 - factor * iqr);
        double high = Math.max(p99, q3 + factor * iqr);
        int from = 0;
        int to = sorted.length;
        while (from < to && sorted[from] < low) {
            from++;
        }
        while (to > from && sorted[to - 1] > high) {
            to--;
        }
        return from == 0 && to == sorted.length ? sorted : Arrays.copyOfRange(sorted, from, to);
    }
}
