package dev.verdict.bench.compare;

import java.util.Locale;

/** The verdict on one benchmark (or the suite) for the candidate JDK relative to the baseline. */
public enum Classification {
    /** better by more than the margin */
    BETTER,
    /** worse by more than the margin */
    WORSE,
    /** within +- the margin */
    EQUIVALENT,
    /** none of the three shown yet: more forks would tell (see forksNeeded) */
    UNDECIDED,
    UNSUPPORTED,
    INSUFFICIENT_DATA;

    /** {@code equivalent}: the label in evidence (criteria compare classification labels). */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** "insufficient data", for reports. */
    public String words() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
