package dev.verdict.judge.score;

import com.fasterxml.jackson.annotation.JsonValue;

/** The run's classification against the thresholds. */
public enum Outcome {
    PASS("Pass"),
    MARGINAL("Marginal"),
    FAIL("Fail");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }
}
