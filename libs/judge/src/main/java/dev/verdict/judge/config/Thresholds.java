package dev.verdict.judge.config;

/** The score thresholds of a run (Kayenta's execution request {@code thresholds}): Pass at or above {@code pass}. */
public record Thresholds(double pass, double marginal) {}
