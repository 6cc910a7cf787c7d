package dev.verdict.stats;

/**
 * Input validation shared by every function: statistics silently computed on NaN, infinite or empty input
 * would become wrong evidence, so bad input fails fast with a message that says what to fix.
 */
public final class Checks {

    private Checks() {}

    /** Rejects null, empty and non-finite samples. */
    public static void sample(String name, double[] values) {
        sample(name, values, 1);
    }

    /** Rejects null, non-finite samples and samples with fewer than {@code minSize} values. */
    public static void sample(String name, double[] values, int minSize) {
        if (values == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (values.length == 0) {
            throw new IllegalArgumentException(name + " is empty; at least " + minSize + " observation(s) needed");
        }
        if (values.length < minSize) {
            throw new IllegalArgumentException(
                    name + " has " + values.length + " observation(s); at least " + minSize + " needed");
        }
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException(name + "[" + i + "] is NaN; only finite numbers are allowed");
            }
            if (Double.isInfinite(v)) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + v + "; only finite numbers are allowed");
            }
        }
    }

    /** Rejects a non-finite scalar. */
    public static void finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " is " + value + "; only finite numbers are allowed");
        }
    }

    /** Confidence levels are open-interval probabilities, e.g. 0.95. */
    public static void level(double level) {
        if (!(level > 0.0 && level < 1.0)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), was " + level);
        }
    }

    /** A probability strictly between 0 and 1 (significance levels, alpha). */
    public static void openProbability(String name, double p) {
        if (!(p > 0.0 && p < 1.0)) {
            throw new IllegalArgumentException(name + " must be in (0, 1), was " + p);
        }
    }

    public static void positive(String name, double value) {
        if (!(value > 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a positive finite number, was " + value);
        }
    }

    public static void sameLength(String nameA, double[] a, String nameB, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    nameA + " and " + nameB + " must have the same length, were " + a.length + " and " + b.length);
        }
    }
}
