package dev.verdict.decisions.evidence.model;

/** A check the producer ran on its own data (e.g. "no sample-ratio mismatch", "steady state reached"). */
public record QualityGate(String name, boolean passed, String detail) {
    public QualityGate {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("quality gate name is required");
        }
    }
}
