package dev.verdict.judge.score;

/**
 * The summary: the weighted score (0..100, two decimals), its classification against the thresholds and why.
 *
 * @param inconclusive true when the score is 0 only because half or more of the metrics had no data (Kayenta fails
 *     such a run; an orchestrator should wait for data instead of rolling back)
 */
public record Score(double score, Outcome classification, String classificationReason, boolean inconclusive) {}
