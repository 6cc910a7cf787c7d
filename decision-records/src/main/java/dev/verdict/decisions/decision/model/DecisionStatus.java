package dev.verdict.decisions.decision.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The MADR statuses of a decision record. Written in lower case in files and APIs. */
public enum DecisionStatus {
    PROPOSED,
    ACCEPTED,
    REJECTED,
    DEPRECATED,
    SUPERSEDED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DecisionStatus> fromLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String l = label.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.name().equals(l)).findFirst();
    }

    @Override
    public String toString() {
        return label();
    }
}
