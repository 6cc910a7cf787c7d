package dev.verdict.stats.rank;

/**
 * Order statistics of the n*m pairwise differences {@code x[i] - y[j]} of two sorted samples, without building
 * them: 2 x 1,000 samples have a million differences, which would take tens of milliseconds to sort.
 *
 * <p>{@link #countAtMost(double)} counts differences {@code <= t} in O(n + m) with two pointers (for fixed i the
 * difference falls as y grows; as x grows the boundary index only moves right). {@link #kthSmallest(long)}
 * bisects over the IEEE-754 ordering of doubles, so it needs at most 64 counts and returns the exact computed
 * difference {@code x[i] - y[j]} (the count only changes at such values).
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
        double min = x[0] - y[y.length - 1];
        double max = x[x.length - 1] - y[0];
        if (k == 1) {
            return min + 0.0;
        }
        if (k == total) {
            return max + 0.0;
        }
        // invariant: count(lo) < k <= count(hi), with lo and hi as order-preserving long keys
        long lo = key(min);
        long hi = key(max);
        if (countAtMost(min) >= k) {
            return min + 0.0;
        }
        while (lo + 1 < hi) { // not hi - lo: that overflows when the keys straddle zero
            long mid = (lo & hi) + ((lo ^ hi) >> 1); // overflow-free floor average
            if (countAtMost(value(mid)) >= k) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return value(hi) + 0.0; // + 0.0 turns -0.0 into 0.0
    }

    /** The median of the differences: the Hodges-Lehmann estimate of the shift x - y. */
    public double median() {
        long total = size();
        if (total % 2 == 1) {
            return kthSmallest(total / 2 + 1);
        }
        double a = kthSmallest(total / 2);
        double b = kthSmallest(total / 2 + 1);
        return (a + b) / 2.0; // as R's median()
    }

    private static long key(double d) {
        long bits = Double.doubleToRawLongBits(d);
        return bits >= 0 ? bits : bits ^ Long.MAX_VALUE;
    }

    private static double value(long key) {
        long bits = key >= 0 ? key : key ^ Long.MAX_VALUE;
        return Double.longBitsToDouble(bits);
    }
}
