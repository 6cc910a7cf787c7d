package dev.verdict.decisions.criteria.grammar;

import java.util.Arrays;
import java.util.Optional;

/** Which number (or label) of an evidence item's statistical result a criterion compares. */
public enum Statistic {
    ESTIMATE("estimate"),
    CI_LOWER("ci.lower"),
    CI_UPPER("ci.upper"),
    CLASSIFICATION("classification"),
    P_VALUE("p-value"),
    /** the whole interval [ci.lower, ci.upper] against a margin: {@code equivalent within 3%} */
    EQUIVALENT("equivalent");

    private final String label;

    Statistic(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Compared with a plain number (a threshold written as a bare YAML number). */
    public boolean numeric() {
        return this != CLASSIFICATION && this != EQUIVALENT;
    }

    public static Optional<Statistic> fromLabel(String s) {
        return Arrays.stream(values()).filter(v -> v.label.equals(s)).findFirst();
    }

    @Override
    public String toString() {
        return label;
    }
}
