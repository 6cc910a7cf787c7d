package dev.verdict.judge;

import dev.verdict.judge.classify.MetricLabel;
import dev.verdict.judge.preprocess.SampleStats;
import java.util.List;
import java.util.Map;

/**
 * One metric's judgement, in the shape of Kayenta's {@code CanaryAnalysisResult}, plus {@code details}: the numbers
 * that decided it.
 */
public record MetricResult(
        String name,
        Map<String, String> tags,
        List<String> groups,
        MetricLabel classification,
        String classificationReason,
        Metadata experimentMetadata,
        Metadata controlMetadata,
        ResultMetadata resultMetadata,
        boolean critical,
        boolean muted) {

    /** What the judge saw of one side, after preprocessing. */
    public record Metadata(SampleStats stats) {}

    /** {@code ratio}: mean(canary) / mean(baseline), null where undefined. */
    public record ResultMetadata(Double ratio, Map<String, Object> details) {}
}
