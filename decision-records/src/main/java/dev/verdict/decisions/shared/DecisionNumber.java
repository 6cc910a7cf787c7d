package dev.verdict.decisions.shared;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The number of a decision record, shown as {@code ADR-0001}; also the {@code NNNN} prefix of its file name. */
public record DecisionNumber(int value) implements Comparable<DecisionNumber> {

    private static final Pattern FORM = Pattern.compile("(?i)(?:ADR[- ]?)?0*(\\d{1,6})");

    public DecisionNumber {
        if (value < 1 || value > 999_999) {
            throw new IllegalArgumentException("decision number must be between 1 and 999999, was " + value);
        }
    }

    public static DecisionNumber of(int value) {
        return new DecisionNumber(value);
    }

    /** Accepts {@code ADR-0007}, {@code ADR-7}, {@code adr 7}, {@code 0007} and {@code 7}. */
    public static DecisionNumber parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a decision number: '" + text + "' (expected e.g. ADR-0007)");
        }
        String digits = m.group(1);
        return new DecisionNumber(digits.isEmpty() ? 0 : Integer.parseInt(digits));
    }

    /** The four-digit file-name prefix, {@code 0007}. */
    public String padded() {
        return String.format("%04d", value);
    }

    @Override
    public String toString() {
        return "ADR-" + padded();
    }

    @Override
    public int compareTo(DecisionNumber o) {
        return Integer.compare(value, o.value);
    }
}
