package dev.verdict.stats.bootstrap;

import dev.verdict.stats.Checks;
import dev.verdict.stats.ConfidenceInterval;
import dev.verdict.stats.Distributions;
import dev.verdict.stats.SeededRandom;
import dev.verdict.stats.descriptive.Descriptive;
import java.util.Arrays;

/**
 * Seeded two-sample bootstrap for the ratio of means and the ratio of medians (treatment / control), with
 * percentile or BCa intervals. Each resample draws n1 indices from the treatment and then n2 from the control
 * with {@link SeededRandom}; the interval is read from the replicates with the type-7 percentile (see
 * {@link Descriptive}). BCa follows Efron and Tibshirani (1993) section 14.3 exactly as SciPy's
 * {@code scipy.stats.bootstrap(method = "BCa")} does for several samples: z0 from the fraction of replicates
 * below the estimate (ties count half), acceleration from the jackknife of each sample in turn.
 *
 * <p>If a control resample has a zero mean / median the ratio is undefined and an IllegalArgumentException
 * says so (use a difference, or filter zeros). If BCa is undefined because the estimate lies outside all
 * replicates (tiny or degenerate samples), the percentile interval is returned and {@code method} says so.
 */
public final class Bootstrap {

    private Bootstrap() {}

    /** The two-sample statistics offered. */
    public enum Statistic {
        RATIO_OF_MEANS("ratio of means"),
        RATIO_OF_MEDIANS("ratio of medians");

        private final String label;

        Statistic(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The statistic on two (unsorted) samples. */
        public double apply(double[] treatment, double[] control) {
            return switch (this) {
                case RATIO_OF_MEANS -> Descriptive.mean(treatment) / Descriptive.mean(control);
                case RATIO_OF_MEDIANS -> Descriptive.median(treatment) / Descriptive.median(control);
            };
        }
    }

    /** Interval methods. */
    public enum Interval {
        PERCENTILE,
        BCA
    }

    /** Options; {@link #defaults(long)} = 10,000 resamples, 0.95, BCa. */
    public record Options(int resamples, double level, long seed, Interval interval) {
        public Options {
            if (resamples < 100) {
                throw new IllegalArgumentException("at least 100 resamples are needed, was " + resamples);
            }
            Checks.level(level);
            if (interval == null) {
                throw new IllegalArgumentException("interval must not be null");
            }
        }

        public static Options defaults(long seed) {
            return new Options(10_000, 0.95, seed, Interval.BCA);
        }
    }

    public static BootstrapResult ratioOfMeans(double[] treatment, double[] control, Options options) {
        return run(Statistic.RATIO_OF_MEANS, treatment, control, options);
    }

    public static BootstrapResult ratioOfMedians(double[] treatment, double[] control, Options options) {
        return run(Statistic.RATIO_OF_MEDIANS, treatment, control, options);
    }

    public static BootstrapResult run(Statistic statistic, double[] treatment, double[] control, Options options) {
        validate(statistic, treatment, control);
        double[] replicates = replicates(statistic, treatment, control, options.resamples(), options.seed());
        return interval(statistic, treatment, control, replicates, options.level(), options.interval(), options.seed());
    }

    /** The bootstrap replicates of the statistic, in draw order. */
    public static double[] replicates(
            Statistic statistic, double[] treatment, double[] control, int resamples, long seed) {
        validate(statistic, treatment, control);
        SeededRandom rng = new SeededRandom(seed);
        double[] out = new double[resamples];
        if (statistic == Statistic.RATIO_OF_MEANS) {
            for (int b = 0; b < resamples; b++) {
                double num = resampleSum(treatment, rng) / treatment.length;
                double den = resampleSum(control, rng) / control.length;
                out[b] = ratio(num, den, "mean");
            }
        } else {
            // Resampling from sorted data: the median of a resample only needs how often each index was drawn.
            double[] t = sorted(treatment);
            double[] c = sorted(control);
            int[] countsT = new int[t.length];
            int[] countsC = new int[c.length];
            for (int b = 0; b < resamples; b++) {
                double num = resampleMedian(t, countsT, rng);
                double den = resampleMedian(c, countsC, rng);
                out[b] = ratio(num, den, "median");
            }
        }
        return out;
    }

    /**
     * The interval from given replicates: a pure function, separate from the resampling so it can be checked
     * against SciPy with SciPy's own replicates.
     */
    public static BootstrapResult interval(
            Statistic statistic,
            double[] treatment,
            double[] control,
            double[] replicates,
            double level,
            Interval method,
            long seed) {
        validate(statistic, treatment, control);
        Checks.sample("replicates", replicates);
        Checks.level(level);
        double estimate = statistic.apply(treatment, control);
        double[] sortedReps = sorted(replicates);
        double alpha = (1 - level) / 2;
        double sd = Descriptive.standardDeviation(replicates);
        if (method == Interval.PERCENTILE) {
            return new BootstrapResult(
                    "percentile",
                    statistic.label(),
                    treatment.length,
                    control.length,
                    estimate,
                    ci(sortedReps, alpha, 1 - alpha, level),
                    sd,
                    0.0,
                    0.0,
                    replicates.length,
                    seed);
        }
        int below = 0;
        int atMost = 0;
        for (double r : replicates) {
            if (r < estimate) {
                below++;
            }
            if (r <= estimate) {
                atMost++;
            }
        }
        double z0 = Distributions.normalQuantile((below + atMost) / (2.0 * replicates.length));
        double a = acceleration(statistic, treatment, control);
        if (!Double.isFinite(z0)) {
            return new BootstrapResult(
                    "percentile (BCa undefined: estimate outside all replicates)",
                    statistic.label(),
                    treatment.length,
                    control.length,
                    estimate,
                    ci(sortedReps, alpha, 1 - alpha, level),
                    sd,
                    0.0,
                    a,
                    replicates.length,
                    seed);
        }
        double zAlpha = Distributions.normalQuantile(alpha);
        double num1 = z0 + zAlpha;
        double a1 = Distributions.normalCdf(z0 + num1 / (1 - a * num1));
        double num2 = z0 - zAlpha;
        double a2 = Distributions.normalCdf(z0 + num2 / (1 - a * num2));
        return new BootstrapResult(
                "BCa",
                statistic.label(),
                treatment.length,
                control.length,
                estimate,
                ci(sortedReps, a1, a2, level),
                sd,
                z0,
                a,
                replicates.length,
                seed);
    }

    /** Jackknife acceleration over both samples (SciPy's multi-sample formula). */
    static double acceleration(Statistic statistic, double[] treatment, double[] control) {
        double[][] jack = {
            jackknife(statistic, treatment, control, true), jackknife(statistic, treatment, control, false)
        };
        double num = 0;
        double den = 0;
        for (double[] values : jack) {
            double n = values.length;
            double mean = Descriptive.mean(values);
            double s3 = 0;
            double s2 = 0;
            for (double v : values) {
                double u = (n - 1) * (mean - v);
                s3 += u * u * u;
                s2 += u * u;
            }
            num += s3 / (n * n * n);
            den += s2 / (n * n);
        }
        return den == 0.0 ? 0.0 : num / (6.0 * Math.pow(den, 1.5));
    }

    /** Leave-one-out values of the statistic, leaving out observations of the treatment (or the control). */
    private static double[] jackknife(
            Statistic statistic, double[] treatment, double[] control, boolean leaveTreatment) {
        double[] sample = leaveTreatment ? treatment : control;
        int n = sample.length;
        double[] out = new double[n];
        if (statistic == Statistic.RATIO_OF_MEANS) {
            double other = Descriptive.mean(leaveTreatment ? control : treatment);
            double sum = 0;
            for (double v : sample) {
                sum += v;
            }
            for (int i = 0; i < n; i++) {
                double m = (sum - sample[i]) / (n - 1);
                out[i] = leaveTreatment ? m / other : other / m;
            }
        } else {
            double other = Descriptive.median(leaveTreatment ? control : treatment);
            double[] s = sorted(sample);
            // the leave-one-out median only depends on the rank of the removed value; values are per original
            // index, but a_hat only sums over them, so the sorted order is fine
            for (int i = 0; i < n; i++) {
                double m = leaveOneOutMedian(s, i);
                out[i] = leaveTreatment ? m / other : other / m;
            }
        }
        return out;
    }

    private static double leaveOneOutMedian(double[] sorted, int removed) {
        int len = sorted.length - 1;
        int hi = len / 2;
        int lo = (len - 1) / 2;
        double a = sorted[lo < removed ? lo : lo + 1];
        double b = sorted[hi < removed ? hi : hi + 1];
        return lo == hi ? a : (a + b) / 2.0;
    }

    private static ConfidenceInterval ci(double[] sortedReps, double pLow, double pHigh, double level) {
        return new ConfidenceInterval(
                Descriptive.percentileOfSorted(sortedReps, pLow),
                Descriptive.percentileOfSorted(sortedReps, pHigh),
                level);
    }

    private static double resampleSum(double[] sample, SeededRandom rng) {
        int n = sample.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += sample[rng.nextInt(n)];
        }
        return sum;
    }

    private static double resampleMedian(double[] sorted, int[] counts, SeededRandom rng) {
        int n = sorted.length;
        Arrays.fill(counts, 0);
        for (int i = 0; i < n; i++) {
            counts[rng.nextInt(n)]++;
        }
        int lo = (n - 1) / 2; // 0-based ranks of the middle value(s)
        int hi = n / 2;
        int seen = 0;
        double a = Double.NaN;
        for (int k = 0; k < n; k++) {
            seen += counts[k];
            if (Double.isNaN(a) && seen > lo) {
                a = sorted[k];
            }
            if (seen > hi) {
                return lo == hi ? a : (a + sorted[k]) / 2.0;
            }
        }
        throw new IllegalStateException("unreachable: counts sum to n");
    }

    private static double ratio(double num, double den, String what) {
        if (den == 0.0) {
            throw new IllegalArgumentException("a bootstrap resample of the control has a zero " + what
                    + ", so the ratio is undefined; compare differences instead or filter zeros");
        }
        return num / den;
    }

    private static double[] sorted(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s;
    }

    private static void validate(Statistic statistic, double[] treatment, double[] control) {
        if (statistic == null) {
            throw new IllegalArgumentException("statistic must not be null");
        }
        Checks.sample("treatment", treatment, 2);
        Checks.sample("control", control, 2);
        double den = statistic == Statistic.RATIO_OF_MEANS ? Descriptive.mean(control) : Descriptive.median(control);
        if (den == 0.0) {
            throw new IllegalArgumentException("the control "
                    + (statistic == Statistic.RATIO_OF_MEANS ? "mean" : "median") + " is 0, so the ratio is undefined");
        }
    }
}
