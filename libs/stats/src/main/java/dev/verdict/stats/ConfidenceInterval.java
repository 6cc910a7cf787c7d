package dev.verdict.stats;

/**
 * A confidence interval {@code [lower, upper]} at a nominal level (e.g. 0.95). One-sided intervals use
 * {@code -Infinity} / {@code +Infinity} for the open side.
 */
public record ConfidenceInterval(double lower, double upper, double level) {

    public ConfidenceInterval {
        if (Double.isNaN(lower) || Double.isNaN(upper)) {
            throw new IllegalArgumentException("confidence interval bounds must not be NaN");
        }
        if (lower > upper) {
            throw new IllegalArgumentException("confidence interval lower bound " + lower + " > upper bound " + upper);
        }
        Checks.level(level);
    }

    /** True if {@code value} lies in the closed interval. */
    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }

    public double width() {
        return upper - lower;
    }
}
