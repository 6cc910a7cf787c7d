package dev.verdict.judge.score;

/**
 * A group's share of passing metrics, 0..100 (Kayenta's {@code groupScores} entry). {@code noData}: no metric of the
 * group was judged (all Nodata or Error); such a group shows 0 here but counts as 100 in the summary, as in Kayenta.
 */
public record GroupScore(String name, double score, boolean noData, double weight) {}
