package dev.verdict.stats.rank;

/**
 * Order statistics of the n*m pairwise differences {@code x[i] - y[j]} of two sorted samples, without building
 * them: 2 x 1,000 samples have a million differences, which would take tens of milliseconds to sort.
 *
 * <p>{@link #countAtMost(double)} counts differences {@code <= t} in O(n + m) with two pointers (for fixed i the
 * difference falls as y grows; as x grows the boundary index only moves right). {@link #kthSmallest(long)}
 * guesses a value (linear interpolation in rank, with bisection as the fallback), counts, and snaps both ends
 * of its bracket to actual differences after every pass, so it returns the exact computed difference
 * {@code x[i] - y[j]}, stops at once on tied differences, and needs ~11 passes for 10^6 differences of smooth
 * data (pure bisection needed ~22). Not thread-safe (keeps scan results in fields).
 */
public final class PairwiseDifferences {

    private final double[] x;
    private final double[] y;

    /** Both arrays must be sorted ascending and finite; they are not copied. */
    public PairwiseDifferences(double[] sortedX, double[] sortedY) {
        this.x = sortedX;
        this.y = sortedY;
    }

    public long size() {
        return (long) x.length * y.length;
    }

    /** Number of pairs with {@code x[i] - y[j] <= t}. */
    public long countAtMost(double t) {
        int m = y.length;
        long count = 0;
        // {j : x[i] - y[j] <= t} = {j >= J(i)}; a larger x[i] makes every difference larger, so J only grows.
        int j = 0;
        for (double xi : x) {
            while (j < m && xi - y[j] > t) {
                j++;
            }
            count += m - j;
        }
        return count;
    }

    /** The k-th smallest difference, 1-based ({@code 1 <= k <= n*m}). */
    public double kthSmallest(long k) {
        long total = size();
        if (k < 1 || k > total) {
            throw new IllegalArgumentException("k must be in [1, " + total + "], was " + k);
        }
        // Invariant: the answer (smallest difference d with count(d) >= k) lies in [low, high], both ends are
        // differences, countBelowLow = #{differences < low} < k <= countHigh = #{differences <= high}.
        // Each pass guesses a value, counts, and snaps the bracket to the differences next to the guess, so
        // ties end the search at once. Guesses interpolate linearly in rank (few passes on smooth data); when
        // an interpolated pass fails to halve the bracket's count, the next pass bisects by value.
        double low = x[0] - y[y.length - 1];
        double high = x[x.length - 1] - y[0];
        long countBelowLow = 0;
        long countHigh = total;
        boolean bisect = false;
        while (low < high) {
            long span = countHigh - countBelowLow;
            double mid;
            if (bisect) {
                mid = low + (high - low) / 2;
            } else {
                mid = low + (high - low) * ((double) (k - countBelowLow) / span);
            }
            if (!(mid < high)) {
                mid = low + (high - low) / 2;
                if (!(mid < high)) {
                    mid = low; // adjacent doubles
                }
            }
            if (mid < low) {
                mid = low;
            }
            long c = scan(mid);
            passes++;
            if (c >= k) {
                high = maxAtMost;
                countHigh = c;
            } else {
                low = minAbove;
                countBelowLow = c;
            }
            bisect = !bisect && (countHigh - countBelowLow) * 2 > span;
        }
        return low + 0.0; // + 0.0 turns -0.0 into 0.0
    }

    /** The k-th and (k+1)-th smallest differences with one search plus one pass. */
    double[] kthAndNext(long k) {
        double a = kthSmallest(k);
        if (k == size()) {
            return new double[] {a, a};
        }
        long c = scan(a);
        return new double[] {a, c >= k + 1 ? a : minAbove + 0.0};
    }

    // results of the last scan(): largest difference <= t and smallest difference > t (NaN if none)
    private double maxAtMost;
    private double minAbove;
    /** Number of counting passes so far (a test keeps the search cost in check). */
    long passes;

    /** Counts differences <= t and records the differences closest to t on either side. */
    private long scan(double t) {
        int m = y.length;
        long count = 0;
        int j = 0;
        double below = Double.NEGATIVE_INFINITY;
        double above = Double.POSITIVE_INFINITY;
        for (double xi : x) {
            while (j < m && xi - y[j] > t) {
                j++;
            }
            count += m - j;
            if (j < m) {
                below = Math.max(below, xi - y[j]); // largest difference <= t in this row
            }
            if (j > 0) {
                above = Math.min(above, xi - y[j - 1]); // smallest difference > t in this row
            }
        }
        maxAtMost = below == Double.NEGATIVE_INFINITY ? Double.NaN : below;
        minAbove = above == Double.POSITIVE_INFINITY ? Double.NaN : above;
        return count;
    }

    /** The median of the differences: the Hodges-Lehmann estimate of the shift x - y. */
    public double median() {
        long total = size();
        if (total % 2 == 1) {
            return kthSmallest(total / 2 + 1);
        }
        double[] ab = kthAndNext(total / 2);
        return (ab[0] + ab[1]) / 2.0; // as R's median()
    }
}
