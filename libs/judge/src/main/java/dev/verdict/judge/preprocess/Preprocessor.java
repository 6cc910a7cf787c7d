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
     * Drops values strictly outside {@code [min(P1, Q1 - f*IQR), max(P99, Q3 + f*IQR)]} (type-7 percentiles), order
     * kept: Kayenta's IQR detector with its reduced sensitivity, which never cuts inside the 1st..99th percentile.
     */
    public static double[] removeOutliers(double[] v, double factor) {
        if (v.length == 0) {
            return v;
        }
        double[] p = Descriptive.percentiles(v, 0.01, 0.25, 0.75, 0.99);
        double iqr = p[2] - p[1];
        double low = Math.min(p[0], p[1] - factor * iqr);
        double high = Math.max(p[3], p[2] + factor * iqr);
        return Arrays.stream(v).filter(x -> !(x < low || x > high)).toArray();
    }
}
