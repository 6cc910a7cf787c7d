package dev.verdict.decisions.shared;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a piece of evidence came from. */
public enum EvidenceKind {
    CANARY,
    EXPERIMENT,
    BENCHMARK,
    TELEMETRY,
    CHAOS,
    MANUAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EvidenceKind> fromLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String l = label.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.name().equals(l)).findFirst();
    }

    @Override
    public String toString() {
        return label();
    }
}
