package dev.verdict.stats.descriptive;

import dev.verdict.stats.Checks;
import java.util.Arrays;

/**
 * Outlier filters used before comparing noisy measurements (benchmark iterations, canary latencies). Both keep
 * the input order and report the fences, so evidence can say exactly what was dropped.
 */
public final class OutlierFilter {

    private OutlierFilter() {}

    /** What a filter kept and why. */
    public record Result(String method, double[] kept, int removed, double lowerFence, double upperFence) {}

    /**
     * Tukey's fences: keeps values within [Q1 - k IQR, Q3 + k IQR] (type-7 quartiles; k = 1.5 is the classic
     * choice, 3 "far out"). A constant sample keeps everything.
     */
    public static Result iqr(double[] values, double k) {
        Checks.sample("sample", values);
        if (!(k >= 0) || Double.isInfinite(k)) {
            throw new IllegalArgumentException("k must be a finite number >= 0, was " + k);
        }
        double[] q = Descriptive.percentiles(values, 0.25, 0.75);
        double iqr = q[1] - q[0];
        return keep("iqr(k=" + k + ")", values, q[0] - k * iqr, q[1] + k * iqr);
    }

    /**
     * Keeps values with |x - mean| &lt;= k * sd (sample standard deviation). With fewer than two values or a
     * constant sample nothing is removed.
     */
    public static Result kSigma(double[] values, double k) {
        Checks.sample("sample", values);
        if (!(k > 0) || Double.isInfinite(k)) {
            throw new IllegalArgumentException("k must be a positive finite number, was " + k);
        }
        double mean = Descriptive.meanUnchecked(values);
        double sd = values.length >= 2 ? Descriptive.standardDeviation(values) : 0.0;
        return keep("k-sigma(k=" + k + ")", values, mean - k * sd, mean + k * sd);
    }

    private static Result keep(String method, double[] values, double lower, double upper) {
        double[] kept =
                Arrays.stream(values).filter(v -> v >= lower && v <= upper).toArray();
        return new Result(method, kept, values.length - kept.length, lower, upper);
    }
}
