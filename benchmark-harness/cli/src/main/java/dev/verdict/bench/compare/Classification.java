package dev.verdict.bench.compare;

import java.util.Locale;

/** The verdict on one benchmark (or the suite) for the candidate JDK relative to the baseline. */
public enum Classification {
    BETTER,
    WORSE,
    NO_SIGNIFICANT_CHANGE,
    UNSUPPORTED,
    INSUFFICIENT_DATA;

    /** {@code no-significant-change}: the label in evidence (criteria compare classification labels). */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** "no significant change", for reports. */
    public String words() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
