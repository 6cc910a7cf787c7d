package dev.verdict.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Helpers for golden tests: the deterministic data generator shared with the R/Python scripts, and tolerances. */
public final class Golden {

    private Golden() {}

    /**
     * {@code scale * frac(i * a) + shift} for i = 1..n, optionally floored to one decimal: every operation is
     * exact or correctly rounded, so R ({@code gen()} in src/test/golden/*.R), NumPy and Java produce the
     * same doubles.
     */
    public static double[] gen(int n, double a, double scale, double shift, boolean oneDecimal) {
        double[] v = new double[n];
        for (int i = 1; i <= n; i++) {
            double u = (i * a) % 1.0;
            double value = scale * u + shift;
            if (oneDecimal) {
                value = Math.floor(value * 10) / 10;
            }
            v[i - 1] = value;
        }
        return v;
    }

    public static double[] gen(int n, double a, double scale, double shift) {
        return gen(n, a, scale, shift, false);
    }

    /** |actual - expected| &lt;= rel * max(|expected|, floor); infinities must match exactly. */
    public static void close(double expected, double actual, double rel, double floor, String what) {
        if (Double.isInfinite(expected) || Double.isNaN(expected)) {
            assertEquals(expected, actual, what);
            return;
        }
        double tol = rel * Math.max(Math.abs(expected), floor);
        if (!(Math.abs(actual - expected) <= tol)) {
            fail(what + ": expected " + expected + " but was " + actual + " (|diff| = " + Math.abs(actual - expected)
                    + " > " + tol + ")");
        }
    }

    /** Relative 1e-9 (absolute 1e-9 near zero): the precision the issue asks for. */
    public static void close(double expected, double actual, String what) {
        close(expected, actual, 1e-9, 1.0, what);
    }
}
