package dev.verdict.stats.descriptive;

import dev.verdict.stats.Checks;
import java.util.Arrays;

/**
 * Descriptive statistics. Every function rejects empty, NaN and infinite input with an
 * {@link IllegalArgumentException}.
 *
 * <p><b>Percentile definition.</b> {@link #percentile} is the linear interpolation between order statistics
 * known as Hyndman-Fan type 7, the default of R's {@code quantile()}, NumPy's {@code percentile} ("linear") and
 * Excel's {@code PERCENTILE.INC}: with the sample sorted as x[0..n-1] and h = (n - 1) p, the p-quantile is
 * x[floor(h)] + (h - floor(h)) (x[floor(h) + 1] - x[floor(h)]). Hence the 0- and 1-quantiles are the minimum
 * and maximum, the 0.5-quantile is the usual median, and a single observation is every quantile.
 */
public final class Descriptive {

    private Descriptive() {}

    /** Arithmetic mean (two-pass: the mean of the residuals is added back, as R's mean() does). */
    public static double mean(double[] values) {
        Checks.sample("sample", values);
        return meanUnchecked(values);
    }

    static double meanUnchecked(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        if (Double.isFinite(mean)) {
            double residual = 0;
            for (double v : values) {
                residual += v - mean;
            }
            mean += residual / values.length;
        }
        return mean;
    }

    /** Unbiased sample variance (divisor n - 1); needs at least two observations. 0 for a constant sample. */
    public static double variance(double[] values) {
        Checks.sample("sample", values, 2);
        double mean = meanUnchecked(values);
        double ss = 0;
        double comp = 0;
        for (double v : values) {
            double d = v - mean;
            ss += d * d;
            comp += d;
        }
        // corrected two-pass formula (Chan, Golub, LeVeque): removes the rounding error left in the mean
        return (ss - comp * comp / values.length) / (values.length - 1);
    }

    /** Sample standard deviation, sqrt of {@link #variance}; needs at least two observations. */
    public static double standardDeviation(double[] values) {
        return Math.sqrt(variance(values));
    }

    /**
     * Coefficient of variation: sample standard deviation / mean. Needs at least two observations and a
     * non-zero mean; negative when the mean is negative.
     */
    public static double coefficientOfVariation(double[] values) {
        double mean = mean(values);
        if (mean == 0.0) {
            throw new IllegalArgumentException("coefficient of variation is undefined for a zero mean");
        }
        return standardDeviation(values) / mean;
    }

    /** The p-quantile (0 &lt;= p &lt;= 1) by the type-7 definition in the class comment. */
    public static double percentile(double[] values, double p) {
        Checks.sample("sample", values);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return percentileOfSorted(sorted, p);
    }

    /** Several quantiles with one sort; results in the order of {@code ps}. */
    public static double[] percentiles(double[] values, double... ps) {
        Checks.sample("sample", values);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] out = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            out[i] = percentileOfSorted(sorted, ps[i]);
        }
        return out;
    }

    /** Type-7 quantile of an already sorted, validated array. */
    public static double percentileOfSorted(double[] sorted, double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("quantile probability must be in [0, 1], was " + p);
        }
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = h - lo;
        double a = sorted[lo];
        double b = sorted[hi];
        if (frac == 0.0 || a == b) {
            return a;
        }
        // NumPy's lerp: symmetric in rounding, and exact at both ends
        return frac < 0.5 ? a + (b - a) * frac : b - (b - a) * (1.0 - frac);
    }

    /** Median: the 0.5 type-7 quantile (mean of the two middle values for even n). */
    public static double median(double[] values) {
        return percentile(values, 0.5);
    }

    /** Interquartile range Q3 - Q1 (type-7 quartiles). */
    public static double interquartileRange(double[] values) {
        double[] q = percentiles(values, 0.25, 0.75);
        return q[1] - q[0];
    }

    /**
     * One-call summary for evidence. For a single observation the standard deviation is reported as 0
     * (no spread observed) rather than undefined, so the record stays plain JSON.
     */
    public static Summary summarize(double[] values) {
        Checks.sample("sample", values);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sd = values.length >= 2 ? standardDeviation(values) : 0.0;
        return new Summary(
                values.length,
                meanUnchecked(values),
                sd,
                sorted[0],
                percentileOfSorted(sorted, 0.25),
                percentileOfSorted(sorted, 0.5),
                percentileOfSorted(sorted, 0.75),
                percentileOfSorted(sorted, 0.90),
                percentileOfSorted(sorted, 0.95),
                percentileOfSorted(sorted, 0.99),
                sorted[sorted.length - 1]);
    }

    /** Summary of one sample; quantiles are type 7. */
    public record Summary(
            int n,
            double mean,
            double standardDeviation,
            double min,
            double p25,
            double median,
            double p75,
            double p90,
            double p95,
            double p99,
            double max) {}
}
