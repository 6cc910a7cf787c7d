package dev.verdict.decisions.criteria.grammar;

import java.util.Arrays;
import java.util.Optional;

/** Which number (or label) of an evidence item's statistical result a criterion compares. */
public enum Statistic {
    ESTIMATE("estimate"),
    CI_LOWER("ci.lower"),
    CI_UPPER("ci.upper"),
    CLASSIFICATION("classification"),
    P_VALUE("p-value");

    private final String label;

    Statistic(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean numeric() {
        return this != CLASSIFICATION;
    }

    public static Optional<Statistic> fromLabel(String s) {
        return Arrays.stream(values()).filter(v -> v.label.equals(s)).findFirst();
    }

    @Override
    public String toString() {
        return label;
    }
}
