package dev.verdict.judge;

import dev.verdict.judge.score.GroupScore;
import dev.verdict.judge.score.Score;
import java.util.List;

/** A whole judgement: every metric in input order (muted ones too), the group scores and the summary. */
public record JudgeResult(
        String judgeName,
        double tolerance,
        double confidenceLevel,
        List<MetricResult> results,
        List<GroupScore> groupScores,
        Score score) {}
