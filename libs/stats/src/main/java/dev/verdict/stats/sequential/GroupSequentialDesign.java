package dev.verdict.stats.sequential;

import dev.verdict.stats.Checks;
import dev.verdict.stats.Distributions;
import java.util.Arrays;

/**
 * A two-sided group-sequential test with Lan-DeMets alpha spending over a planned maximum information: the boundary
 * c_k of each look is the |Z| that, given the looks before it, spends exactly alpha(t_k) - alpha(t_{k-1}) under no
 * difference. Looks are added one at a time ({@link #look}) at information fractions t_k = I_k / I_max that must not
 * depend on the data; their number and spacing are free. The first look at t &gt;= 1 spends what is left, and no look
 * after it can reject (its boundary is +Infinity).
 *
 * <p>Crossing probabilities come from the recursive numerical integration of Armitage, McPherson &amp; Rowe (1969) in
 * the form of Jennison &amp; Turnbull (2000), ch. 19: the sub-density of Z_k on the continuation region (-c_k, c_k) is
 * carried from look to look on their grid (6r - 1 points, r = {@value #R}, denser near the mean, trimmed to the
 * region, Simpson's rule with midpoints), with independent increments S_k - S_{k-1} ~ N(theta dI, dI) on the score
 * scale S = Z sqrt(I). Deterministic: the same looks give the same boundaries bit for bit.
 */
public final class GroupSequentialDesign {

    /** Jennison &amp; Turnbull's grid parameter; r = 16 already gives probabilities to about 1e-6. */
    static final int R = 18;

    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    private static final double BISECTION_TOLERANCE = 1e-12;

    private final AlphaSpending spending;
    private final double alpha;
    private final double[] fractions;
    private final double[] bounds;
    private final double[] spent;
    // the continuation region of the last look: Simpson nodes and weight x sub-density at each
    private final double[] nodes;
    private final double[] mass;

    private GroupSequentialDesign(
            AlphaSpending spending,
            double alpha,
            double[] fractions,
            double[] bounds,
            double[] spent,
            double[] nodes,
            double[] mass) {
        this.spending = spending;
        this.alpha = alpha;
        this.fractions = fractions;
        this.bounds = bounds;
        this.spent = spent;
        this.nodes = nodes;
        this.mass = mass;
    }

    /** A design that has not looked yet. */
    public static GroupSequentialDesign lanDeMets(AlphaSpending spending, double alpha) {
        if (spending == null) {
            throw new IllegalArgumentException("spending function must not be null");
        }
        Checks.openProbability("alpha", alpha);
        return new GroupSequentialDesign(
                spending, alpha, new double[0], new double[0], new double[0], new double[0], new double[0]);
    }

    /** The design after looks at the given information fractions (strictly increasing, &gt; 0). */
    public static GroupSequentialDesign lanDeMets(AlphaSpending spending, double alpha, double... fractions) {
        if (fractions == null) {
            throw new IllegalArgumentException("fractions must not be null");
        }
        GroupSequentialDesign d = lanDeMets(spending, alpha);
        for (double t : fractions) {
            d = d.look(t);
        }
        return d;
    }

    /**
     * This design with one more look at information fraction {@code fraction}, which must exceed the previous look's.
     * Its boundary spends alpha(min(t, 1)) - alpha(previous): past t = 1 nothing is left and the boundary is +Infinity.
     */
    public GroupSequentialDesign look(double fraction) {
        if (!(fraction > 0) || Double.isInfinite(fraction)) {
            throw new IllegalArgumentException(
                    "information fraction must be a positive finite number, was " + fraction);
        }
        int k = fractions.length;
        if (k > 0 && !(fraction > fractions[k - 1])) {
            throw new IllegalArgumentException("information fraction " + fraction
                    + " does not exceed the previous look's " + fractions[k - 1]
                    + "; a look needs new information");
        }
        double before = k == 0 ? 0 : spent[k - 1];
        double total = spending.spent(alpha, fraction);
        double target = total - before;
        double previous = k == 0 ? 0 : fractions[k - 1];
        double c = solve(nodes, mass, previous, fraction, 0, target);
        double[] next = grid(0, -c, c);
        double[] nextMass = density(nodes, mass, previous, fraction, 0, next);
        return new GroupSequentialDesign(
                spending,
                alpha,
                append(fractions, fraction),
                append(bounds, c),
                append(spent, Math.max(before, total)),
                next,
                nextMass);
    }

    public AlphaSpending spending() {
        return spending;
    }

    public double alpha() {
        return alpha;
    }

    public int looks() {
        return fractions.length;
    }

    public double[] fractions() {
        return fractions.clone();
    }

    /** |Z| boundaries of the looks so far; +Infinity where no error was left to spend. */
    public double[] bounds() {
        return bounds.clone();
    }

    /** The error spent by each look, cumulative: alpha(min(t_k, 1)). */
    public double[] cumulativeSpent() {
        return spent.clone();
    }

    /** The last look's boundary. */
    public double boundary() {
        if (bounds.length == 0) {
            throw new IllegalStateException("the design has not looked yet");
        }
        return bounds[bounds.length - 1];
    }

    /** Whether the planned information has been reached: later looks cannot reject. */
    public boolean exhausted() {
        return fractions.length > 0 && fractions[fractions.length - 1] >= 1;
    }

    /**
     * P(|Z_k| &gt;= c_k at some look) when E[Z_k] = drift sqrt(t_k) (drift 0: the type I error; otherwise the power
     * at the effect whose fixed-horizon z at t = 1 is {@code drift}).
     */
    public static double crossingProbability(double[] fractions, double[] bounds, double drift) {
        return Arrays.stream(crossingProbabilities(fractions, bounds, drift)).sum();
    }

    /** P(first crossing at look k) for each look, under the same model as {@link #crossingProbability}. */
    public static double[] crossingProbabilities(double[] fractions, double[] bounds, double drift) {
        if (fractions == null || bounds == null) {
            throw new IllegalArgumentException("fractions and bounds must not be null");
        }
        Checks.sameLength("fractions", fractions, "bounds", bounds);
        Checks.finite("drift", drift);
        double[] out = new double[fractions.length];
        double[] z = new double[0];
        double[] m = new double[0];
        double previous = 0;
        for (int k = 0; k < fractions.length; k++) {
            double t = fractions[k];
            double c = bounds[k];
            if (!(t > previous) || Double.isInfinite(t)) {
                throw new IllegalArgumentException("fractions must be positive, finite and strictly increasing; "
                        + "fractions[" + k + "] is " + t);
            }
            if (!(c > 0)) {
                throw new IllegalArgumentException("bounds must be positive, bounds[" + k + "] is " + c);
            }
            out[k] = crossing(z, m, previous, t, drift, c);
            double[] next = grid(drift * Math.sqrt(t), -c, c);
            m = density(z, m, previous, t, drift, next);
            z = next;
            previous = t;
        }
        return out;
    }

    /** Pocock's constant boundary for {@code looks} equally spaced looks: P(|Z_k| &gt;= c at some k) = alpha. */
    public static double pocockConstant(double alpha, int looks) {
        Checks.openProbability("alpha", alpha);
        double[] t = equallySpaced(looks);
        return bisect(c -> crossingProbability(t, filled(looks, c), 0) - alpha, 0.5, 10);
    }

    /** O'Brien and Fleming's C: boundaries C sqrt(K / k) at K equally spaced looks, with total error alpha. */
    public static double obrienFlemingConstant(double alpha, int looks) {
        Checks.openProbability("alpha", alpha);
        double[] t = equallySpaced(looks);
        return bisect(
                c -> {
                    double[] b = new double[looks];
                    for (int k = 0; k < looks; k++) {
                        b[k] = c / Math.sqrt(t[k]);
                    }
                    return crossingProbability(t, b, 0) - alpha;
                },
                0.5,
                10);
    }

    private static double[] equallySpaced(int looks) {
        if (looks < 1) {
            throw new IllegalArgumentException("looks must be >= 1, was " + looks);
        }
        double[] t = new double[looks];
        for (int k = 0; k < looks; k++) {
            t[k] = (k + 1.0) / looks;
        }
        return t;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    /** The boundary c whose two-sided crossing probability at this look is {@code target}. */
    private static double solve(double[] z, double[] m, double previous, double t, double drift, double target) {
        // a spend below the smallest representable tail can't be met by any finite c: no stop at this look
        if (!(target > 1e-300)) {
            return Double.POSITIVE_INFINITY;
        }
        return bisect(c -> crossing(z, m, previous, t, drift, c) - target, 0, 40);
    }

    /** Root of a decreasing function on [lo, hi] by bisection (deterministic, no derivative needed). */
    private static double bisect(java.util.function.DoubleUnaryOperator f, double lo, double hi) {
        double a = lo;
        double b = hi;
        for (int i = 0; i < 200 && b - a > BISECTION_TOLERANCE; i++) {
            double mid = 0.5 * (a + b);
            if (f.applyAsDouble(mid) > 0) {
                a = mid;
            } else {
                b = mid;
            }
        }
        return 0.5 * (a + b);
    }

    /** P(|Z_t| &gt;= c, no earlier crossing) from the previous look's continuation mass. */
    private static double crossing(double[] z, double[] m, double previous, double t, double drift, double c) {
        if (Double.isInfinite(c)) {
            return 0;
        }
        if (previous == 0) {
            double mu = drift * Math.sqrt(t);
            return Distributions.normalUpper(c - mu) + Distributions.normalCdf(-c - mu);
        }
        double dt = t - previous;
        double sd = Math.sqrt(dt);
        double upper = c * Math.sqrt(t) - drift * dt;
        double lower = -c * Math.sqrt(t) - drift * dt;
        double sqrtPrevious = Math.sqrt(previous);
        double p = 0;
        for (int j = 0; j < z.length; j++) {
            double s = z[j] * sqrtPrevious;
            p += m[j] * (Distributions.normalUpper((upper - s) / sd) + Distributions.normalCdf((lower - s) / sd));
        }
        return p;
    }

    /** Weight x sub-density of Z_t at {@code next} (no crossing so far), carried from the previous look. */
    private static double[] density(double[] z, double[] m, double previous, double t, double drift, double[] next) {
        double[] w = simpson(next);
        double[] out = new double[next.length];
        if (previous == 0) {
            double mu = drift * Math.sqrt(t);
            for (int i = 0; i < next.length; i++) {
                out[i] = w[i] * phi(next[i] - mu);
            }
            return out;
        }
        double dt = t - previous;
        double sd = Math.sqrt(dt);
        double sqrtT = Math.sqrt(t);
        double sqrtPrevious = Math.sqrt(previous);
        for (int i = 0; i < next.length; i++) {
            double s = next[i] * sqrtT - drift * dt;
            double h = 0;
            for (int j = 0; j < z.length; j++) {
                h += m[j] * phi((s - z[j] * sqrtPrevious) / sd);
            }
            out[i] = w[i] * h * sqrtT / sd;
        }
        return out;
    }

    private static double phi(double x) {
        return Math.exp(-0.5 * x * x) / SQRT_2PI;
    }

    /**
     * Jennison &amp; Turnbull's grid for Z_t with mean {@code mean}, trimmed to [a, b] (the ends become points), with
     * the midpoints added for Simpson's rule: an odd number of nodes.
     */
    static double[] grid(double mean, double a, double b) {
        int n = 6 * R - 1;
        double[] x = new double[n];
        for (int i = 1; i <= n; i++) {
            double base;
            if (i < R) {
                base = -3 - 4 * Math.log((double) R / i);
            } else if (i <= 5 * R) {
                base = -3 + 3.0 * (i - R) / (2 * R);
            } else {
                base = 3 + 4 * Math.log((double) R / (6 * R - i));
            }
            x[i - 1] = mean + base;
        }
        double[] kept = new double[n + 2];
        int m = 0;
        if (a > x[0]) {
            kept[m++] = a;
        }
        for (double v : x) {
            if (v > a && v < b) {
                kept[m++] = v;
            }
        }
        if (b < x[n - 1]) {
            kept[m++] = b;
        }
        double[] nodes = new double[2 * m - 1];
        for (int i = 0; i < m; i++) {
            nodes[2 * i] = kept[i];
            if (i + 1 < m) {
                nodes[2 * i + 1] = 0.5 * (kept[i] + kept[i + 1]);
            }
        }
        return nodes;
    }

    /** Simpson weights for nodes whose odd positions are midpoints. */
    static double[] simpson(double[] z) {
        int n = z.length;
        double[] w = new double[n];
        if (n == 1) {
            return w;
        }
        w[0] = (z[2] - z[0]) / 6;
        w[n - 1] = (z[n - 1] - z[n - 3]) / 6;
        for (int i = 1; i < n - 1; i++) {
            w[i] = i % 2 == 1 ? 4 * (z[i + 1] - z[i - 1]) / 6 : (z[i + 2] - z[i - 2]) / 6;
        }
        return w;
    }

    private static double[] append(double[] a, double v) {
        double[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = v;
        return out;
    }
}
