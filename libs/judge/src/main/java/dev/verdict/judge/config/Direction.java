package dev.verdict.judge.config;

/** Which change of a metric is a regression: {@code increase}, {@code decrease} or {@code either} (Kayenta's). */
public enum Direction {
    INCREASE("increase"),
    DECREASE("decrease"),
    EITHER("either");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean high() {
        return this != DECREASE;
    }

    public boolean low() {
        return this != INCREASE;
    }
}
