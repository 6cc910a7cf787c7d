package dev.verdict.stats.rank;

import dev.verdict.stats.Alternative;
import dev.verdict.stats.Checks;
import dev.verdict.stats.ConfidenceInterval;
import dev.verdict.stats.Distributions;
import java.util.Arrays;

/**
 * Mann-Whitney U (Wilcoxon rank-sum) test with the Hodges-Lehmann shift estimate and its confidence interval,
 * computed as R's {@code wilcox.test(x, y, conf.int = TRUE)} computes them.
 *
 * <ul>
 *   <li>Exact branch (R's default: both samples &lt; 50 and no ties): p-value from the exact distribution of W,
 *       interval from order statistics of the pairwise differences at {@code qwilcox} ranks.</li>
 *   <li>Otherwise: tie-corrected normal approximation with continuity correction. R finds the interval bounds
 *       with {@code uniroot} on a step function and stops within {@code tol.root = 1e-4} of the step; here the
 *       step itself (a pairwise difference) is found exactly, which is the value R converges to as
 *       {@code tol.root -> 0}.</li>
 *   <li>The estimate is always the median of the pairwise differences. (R's normal branch returns some root of
 *       its standardized statistic, which lies between the same two middle differences.)</li>
 * </ul>
 *
 * <p>Deterministic for ties and constant samples: no random jitter. If every observation of both samples is the
 * same value the p-value is 1 (R returns NaN) and the shift estimate and interval are 0. A sample of size 1 is
 * allowed; with tiny samples the exact interval may be degenerate and {@code achievedConfidenceLevel} says so.
 *
 * <p>Cost: O((n + m) log(n + m)) for sorting plus at most 64 O(n + m) counting passes per order statistic; no
 * n*m array is built.
 */
public final class MannWhitney {

    private MannWhitney() {}

    /** How to compute the p-value and interval. */
    public enum Mode {
        /** As R: exact if both samples have fewer than 50 observations and there are no ties. */
        AUTO,
        /** Always the tie-corrected normal approximation. */
        NORMAL
    }

    /**
     * Options, defaulting to R's: two-sided, 0.95, {@link Mode#AUTO}, continuity correction on.
     */
    public record Options(Alternative alternative, double confidenceLevel, Mode mode, boolean continuityCorrection) {
        public Options {
            if (alternative == null || mode == null) {
                throw new IllegalArgumentException("alternative and mode must not be null");
            }
            Checks.level(confidenceLevel);
        }

        public static Options defaults() {
            return new Options(Alternative.TWO_SIDED, 0.95, Mode.AUTO, true);
        }

        public Options withAlternative(Alternative a) {
            return new Options(a, confidenceLevel, mode, continuityCorrection);
        }

        public Options withConfidenceLevel(double level) {
            return new Options(alternative, level, mode, continuityCorrection);
        }

        public Options withMode(Mode m) {
            return new Options(alternative, confidenceLevel, m, continuityCorrection);
        }

        public Options withContinuityCorrection(boolean c) {
            return new Options(alternative, confidenceLevel, mode, c);
        }
    }

    /** Two-sided test at 0.95 with R's defaults; x is the treatment, y the control; the shift is x - y. */
    public static MannWhitneyResult test(double[] x, double[] y) {
        return test(x, y, Options.defaults());
    }

    public static MannWhitneyResult test(double[] x, double[] y, Options options) {
        Checks.sample("x", x);
        Checks.sample("y", y);
        double[] xs = x.clone();
        double[] ys = y.clone();
        Arrays.sort(xs);
        Arrays.sort(ys);
        return testSorted(xs, ys, options);
    }

    /** As {@link #test(double[], double[], Options)} for already sorted, validated arrays (not copied). */
    static MannWhitneyResult testSorted(double[] xs, double[] ys, Options options) {
        int n = xs.length;
        int m = ys.length;
        double nm = (double) n * m;
        Ranks ranks = Ranks.of(xs, ys);
        double w = ranks.rankSumX - n * (n + 1.0) / 2.0;
        boolean exact = options.mode == Mode.AUTO && n < 50 && m < 50 && !ranks.ties;
        PairwiseDifferences diffs = new PairwiseDifferences(xs, ys);
        double estimate = diffs.median();
        Alternative alt = options.alternative;
        double level = options.confidenceLevel;
        double alpha = 1.0 - level;

        if (exact) {
            WilcoxonDistribution dist = new WilcoxonDistribution(n, m);
            double p = switch (alt) {
                case TWO_SIDED -> {
                    double tail = w > nm / 2 ? dist.upper(w - 1) : dist.cdf(w);
                    yield Math.min(2 * tail, 1.0);
                }
                case GREATER -> dist.upper(w - 1);
                case LESS -> dist.cdf(w);
            };
            long total = (long) nm;
            double lower;
            double upper;
            double achievedAlpha;
            switch (alt) {
                case TWO_SIDED -> {
                    long qu = dist.quantile(alpha / 2);
                    if (qu == 0) {
                        qu = 1;
                    }
                    long ql = total - qu;
                    achievedAlpha = 2 * dist.cdf(qu - 1);
                    lower = diffs.kthSmallest(qu);
                    upper = diffs.kthSmallest(ql + 1);
                }
                case GREATER -> {
                    long qu = dist.quantile(alpha);
                    if (qu == 0) {
                        qu = 1;
                    }
                    achievedAlpha = dist.cdf(qu - 1);
                    lower = diffs.kthSmallest(qu);
                    upper = Double.POSITIVE_INFINITY;
                }
                default -> {
                    long qu = dist.quantile(alpha);
                    if (qu == 0) {
                        qu = 1;
                    }
                    long ql = total - qu;
                    achievedAlpha = dist.cdf(qu - 1);
                    lower = Double.NEGATIVE_INFINITY;
                    upper = diffs.kthSmallest(ql + 1);
                }
            }
            // R keeps the requested level unless the achieved alpha overshoots by more than alpha / 2.
            double achievedLevel = achievedAlpha - alpha > alpha / 2 ? 1.0 - achievedAlpha : level;
            return new MannWhitneyResult(
                    "Wilcoxon rank sum exact test",
                    alt,
                    n,
                    m,
                    w,
                    clamp01(p),
                    true,
                    false,
                    estimate,
                    new ConfidenceInterval(lower, upper, level),
                    achievedLevel);
        }

        // Normal approximation with tie correction.
        double z = w - nm / 2;
        double sigma = sigma(n, m, ranks.tieSum);
        double cc = options.continuityCorrection ? 0.5 : 0.0;
        double correction = switch (alt) {
            case TWO_SIDED -> Math.signum(z) * cc;
            case GREATER -> cc;
            case LESS -> -cc;
        };
        double p;
        if (sigma == 0.0) {
            p = 1.0; // every observation identical: no evidence of any shift (R: NaN)
        } else {
            p = Distributions.normalPValue((z - correction) / sigma, alt);
        }

        // Interval: between consecutive pairwise differences only within-sample ties remain, so the
        // standardized statistic is (dz - correction(dz)) / sigma0 with dz = nm/2 - #{diffs <= d}.
        double sigma0 = sigma(n, m, Ranks.withinTieSum(xs) + Ranks.withinTieSum(ys));
        double lower = Double.NEGATIVE_INFINITY;
        double upper = Double.POSITIVE_INFINITY;
        if (alt != Alternative.LESS) {
            double zq = Distributions.normalQuantile(alt == Alternative.TWO_SIDED ? 1 - alpha / 2 : 1 - alpha);
            lower = diffs.kthSmallest(clampRank(Math.floor(nm / 2 - zq * sigma0 - cc) + 1, nm));
        }
        if (alt != Alternative.GREATER) {
            double zq = Distributions.normalQuantile(alt == Alternative.TWO_SIDED ? 1 - alpha / 2 : 1 - alpha);
            upper = diffs.kthSmallest(clampRank(Math.floor(nm / 2 + zq * sigma0 + cc) + 1, nm));
        }
        String method = options.continuityCorrection
                ? "Wilcoxon rank sum test with continuity correction"
                : "Wilcoxon rank sum test";
        return new MannWhitneyResult(
                method,
                alt,
                n,
                m,
                w,
                clamp01(p),
                false,
                ranks.ties,
                estimate,
                new ConfidenceInterval(lower, upper, level),
                level);
    }

    private static long clampRank(double k, double total) {
        return (long) Math.max(1.0, Math.min(total, k));
    }

    private static double sigma(int n, int m, double tieSum) {
        double nx = n;
        double ny = m;
        double v = (nx * ny / 12) * ((nx + ny + 1) - tieSum / ((nx + ny) * (nx + ny - 1)));
        return v <= 0 || nx + ny < 2 ? 0.0 : Math.sqrt(v);
    }

    private static double clamp01(double p) {
        return Math.max(0.0, Math.min(1.0, p));
    }

    /** Mid-ranks of the combined sample, computed by merging the two sorted samples. */
    static final class Ranks {
        final double rankSumX;
        final double tieSum; // sum over tie groups of t^3 - t
        final boolean ties;

        private Ranks(double rankSumX, double tieSum, boolean ties) {
            this.rankSumX = rankSumX;
            this.tieSum = tieSum;
            this.ties = ties;
        }

        static Ranks of(double[] xs, double[] ys) {
            int i = 0;
            int j = 0;
            int n = xs.length;
            int m = ys.length;
            double rankSumX = 0;
            double tieSum = 0;
            boolean ties = false;
            int position = 0; // number of values already ranked
            while (i < n || j < m) {
                double v = j >= m || (i < n && xs[i] <= ys[j]) ? xs[i] : ys[j];
                int cx = 0;
                while (i < n && xs[i] == v) {
                    i++;
                    cx++;
                }
                int cy = 0;
                while (j < m && ys[j] == v) {
                    j++;
                    cy++;
                }
                int t = cx + cy;
                double midRank = position + (t + 1) / 2.0;
                rankSumX += cx * midRank;
                if (t > 1) {
                    ties = true;
                    tieSum += (double) t * t * t - t;
                }
                position += t;
            }
            return new Ranks(rankSumX, tieSum, ties);
        }

        static double withinTieSum(double[] sorted) {
            double sum = 0;
            int i = 0;
            while (i < sorted.length) {
                int k = i;
                while (k < sorted.length && sorted[k] == sorted[i]) {
                    k++;
                }
                double t = k - i;
                sum += t * t * t - t;
                i = k;
            }
            return sum;
        }
    }
}
