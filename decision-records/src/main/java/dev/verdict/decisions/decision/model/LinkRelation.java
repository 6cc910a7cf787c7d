package dev.verdict.decisions.decision.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How one decision record points at another: the three link lists of a decision. Labels as in the file. */
public enum LinkRelation {
    SUPERSEDES,
    SUPERSEDED_BY,
    RELATES_TO;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<LinkRelation> fromLabel(String label) {
        return Arrays.stream(values()).filter(r -> r.label().equals(label)).findFirst();
    }

    @Override
    public String toString() {
        return label();
    }
}
