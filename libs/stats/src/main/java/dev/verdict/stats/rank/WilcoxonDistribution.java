package dev.verdict.stats.rank;

/**
 * The exact null distribution of the Wilcoxon rank-sum / Mann-Whitney statistic W (0..m*n) for samples of size
 * m and n without ties. Probabilities are summed the way R's {@code pwilcox}/{@code qwilcox} sum them so that
 * results agree with R to the last few bits.
 */
public final class WilcoxonDistribution {

    /**
     * Above this product of sizes the exact distribution is not offered: the table takes ~m*m*n/2 doubles and
     * m*n*m*n steps (10,000 = 100 x 100: ~4 MB, ~0.1 s). R's default uses it only below 50 x 50.
     */
    public static final int MAX_EXACT_PRODUCT = 10_000;

    private final int m;
    private final int n;
    private final double[] counts; // counts[w] = number of arrangements with statistic w
    private final double total; // choose(m + n, n)

    public WilcoxonDistribution(int m, int n) {
        if (m < 1 || n < 1) {
            throw new IllegalArgumentException("sample sizes must be >= 1, were " + m + " and " + n);
        }
        if ((long) m * n > MAX_EXACT_PRODUCT) {
            throw new IllegalArgumentException(
                    "exact Wilcoxon distribution limited to m*n <= " + MAX_EXACT_PRODUCT + ", was " + ((long) m * n));
        }
        this.m = m;
        this.n = n;
        this.counts = frequencies(m, n);
        this.total = choose(m + n, n);
    }

    /**
     * Frequencies of W for sizes (m, n) from the recurrence f(a, b; w) = f(a - 1, b; w - b) + f(a, b - 1; w),
     * keeping two rows so memory is O(m * m * n) instead of O(m * n * m * n). Only additions: no cancellation.
     */
    private static double[] frequencies(int m, int n) {
        int size = m * n + 1;
        // prev[a] = frequencies for (a, b - 1); cur[a] = frequencies for (a, b)
        double[][] prev = new double[m + 1][];
        for (int a = 0; a <= m; a++) {
            prev[a] = new double[] {1.0}; // b = 0: W is always 0
        }
        for (int b = 1; b <= n; b++) {
            double[][] cur = new double[m + 1][];
            cur[0] = new double[] {1.0}; // a = 0
            for (int a = 1; a <= m; a++) {
                double[] f = new double[a * b + 1];
                double[] left = cur[a - 1]; // (a - 1, b), shifted by b
                double[] down = prev[a]; // (a, b - 1)
                for (int w = 0; w < f.length; w++) {
                    double v = w < down.length ? down[w] : 0.0;
                    int s = w - b;
                    if (s >= 0 && s < left.length) {
                        v += left[s];
                    }
                    f[w] = v;
                }
                cur[a] = f;
            }
            prev = cur;
        }
        double[] result = prev[m];
        if (result.length != size) {
            throw new IllegalStateException("internal error: distribution size " + result.length + " != " + size);
        }
        return result;
    }

    /** R's choose(): exact product for small k, rounded exp(lchoose) otherwise; same as R for k < 30. */
    static double choose(int nn, int k) {
        k = Math.min(k, nn - k);
        double r = 1.0;
        for (int j = 1; j <= k; j++) {
            r *= (nn - k + j);
            r /= j;
        }
        return Math.rint(r);
    }

    /** P(W &lt;= q), as R's {@code pwilcox(q, m, n)}: summing the shorter tail. */
    public double cdf(double q) {
        q = Math.floor(q + 1e-7);
        if (q < 0) {
            return 0.0;
        }
        if (q >= (double) m * n) {
            return 1.0;
        }
        int qi = (int) q;
        double p = 0.0;
        if (q <= (m * (double) n / 2)) {
            for (int i = 0; i <= qi; i++) {
                p += counts[i] / total;
            }
            return p;
        }
        int qq = m * n - qi;
        for (int i = 0; i < qq; i++) {
            p += counts[i] / total;
        }
        return 1.0 - p;
    }

    /** P(W &gt; q), as R's {@code pwilcox(q, m, n, lower.tail = FALSE)}. */
    public double upper(double q) {
        q = Math.floor(q + 1e-7);
        if (q < 0) {
            return 1.0;
        }
        if (q >= (double) m * n) {
            return 0.0;
        }
        int qi = (int) q;
        double p = 0.0;
        if (q <= (m * (double) n / 2)) {
            for (int i = 0; i <= qi; i++) {
                p += counts[i] / total;
            }
            return 1.0 - p;
        }
        int qq = m * n - qi;
        for (int i = 0; i < qq; i++) {
            p += counts[i] / total;
        }
        return p;
    }

    /** The smallest w with P(W &lt;= w) &gt;= p, as R's {@code qwilcox(p, m, n)} (including its 10 eps fuzz). */
    public int quantile(double x) {
        if (!(x >= 0.0 && x <= 1.0)) {
            throw new IllegalArgumentException("probability must be in [0, 1], was " + x);
        }
        if (x == 0.0) {
            return 0;
        }
        if (x == 1.0) {
            return m * n;
        }
        double p = 0.0;
        int q = 0;
        if (x <= 0.5) {
            x = x - 10 * Math.ulp(1.0);
            for (; ; ) {
                p += counts[q] / total;
                if (p >= x) {
                    return q;
                }
                q++;
            }
        }
        x = 1 - x + 10 * Math.ulp(1.0);
        for (; ; ) {
            p += counts[q] / total;
            if (p > x) {
                return m * n - q;
            }
            q++;
        }
    }
}
