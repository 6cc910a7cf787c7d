package dev.verdict.allocation;

/**
 * Bucket ranges and the choice of a variation, as GrowthBook defines them: each variation {@code i} owns
 * {@code [start_i, start_i + coverage × weight_i)}, where {@code start_i} is the sum of the weights before it; a
 * unit whose hash falls in no range (the part coverage leaves out) is not in the experiment. Ranges are computed once
 * per experiment definition; {@link #choose} allocates nothing.
 */
public final class Buckets {

    private Buckets() {}

    /** {@code n} equal weights summing to 1; none for {@code n ≤ 0}. */
    public static double[] equalWeights(int n) {
        if (n <= 0) {
            return new double[0];
        }
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / n);
        return w;
    }

    /**
     * The ranges of {@code n} variations as {@code [start0, end0, start1, end1, …]}. Coverage is clamped to [0, 1];
     * weights that are missing, of another length than {@code n}, or that do not sum to 1 (within 0.01) are replaced
     * by equal weights, as GrowthBook does.
     */
    public static double[] ranges(int n, double coverage, double[] weights) {
        double c = Double.isNaN(coverage) ? 1 : Math.max(0, Math.min(1, coverage));
        double[] w = weights;
        if (w == null || w.length != n) {
            w = equalWeights(n);
        } else {
            double sum = 0;
            for (double x : w) {
                sum += x;
            }
            if (sum < 0.99 || sum > 1.01) {
                w = equalWeights(n);
            }
        }
        double[] r = new double[2 * n];
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            double start = cumulative;
            cumulative += w[i];
            r[2 * i] = start;
            r[2 * i + 1] = start + c * w[i];
        }
        return r;
    }

    /** The variation whose range holds {@code hash}, or -1 when none does. */
    public static int choose(double hash, double[] ranges) {
        for (int i = 0; i < ranges.length / 2; i++) {
            if (hash >= ranges[2 * i] && hash < ranges[2 * i + 1]) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether a unit belongs to the namespace slice {@code [start, end)} of namespace {@code id}: mutually exclusive
     * experiments take disjoint slices of one namespace. The unit is hashed with seed {@code "__" + id}, version 1.
     */
    public static boolean inNamespace(String hashValue, String id, double start, double end) {
        double n = GrowthBookHash.hash("__" + id, hashValue, 1);
        return n >= start && n < end;
    }
}
