package dev.verdict.deploy.deployment.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.deploy.deployment.store.DeploymentEntity;
import dev.verdict.deploy.deployment.store.DeploymentEventEntity;
import dev.verdict.deploy.deployment.store.JudgementEntity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON shapes of the deployments API. */
public final class DeploymentViews {

    private DeploymentViews() {}

    public record Page<T>(List<T> items, int page, int size, long total) {}

    /** A deployment in a list. */
    public record Summary(
            UUID id,
            String component,
            String version,
            String baselineVersion,
            String status,
            String statusReason,
            int stepIndex,
            int steps,
            int weight,
            String createdBy,
            Instant createdAt,
            Instant finishedAt) {}

    /** A deployment with its steps, placements and judgements. */
    public record Detail(
            Summary summary,
            String phase,
            String artifactType,
            String artifact,
            String runtime,
            String baselineRuntime,
            int instances,
            String decision,
            JsonNode steps,
            JsonNode config,
            String configHash,
            Thresholds thresholds,
            Placements placements,
            int analysisRun,
            Instant windowStart,
            Instant nextActionAt,
            List<JudgementSummary> judgements) {}

    public record Thresholds(double pass, double marginal) {}

    public record Placements(String stable, String canary, String baseline) {}

    public record JudgementSummary(
            UUID id,
            int step,
            int run,
            Instant windowStart,
            Instant windowEnd,
            double score,
            String classification,
            boolean inconclusive,
            String resultHash) {}

    /** One judgement whole: its result, and its input as {@code POST /api/judge} takes it. */
    public record Judgement(JudgementSummary summary, JsonNode result, JsonNode input) {}

    public record TimelineEntry(long id, Instant at, String kind, String actor, String summary, JsonNode detail) {}

    /** One metric's points per scope and window, for charts. */
    public record Series(String metric, List<SeriesWindow> windows) {}

    public record SeriesWindow(
            UUID judgement,
            int step,
            int run,
            Instant windowStart,
            Instant windowEnd,
            JsonNode canary,
            JsonNode baseline) {}

    static Summary summary(DeploymentEntity d, int steps) {
        return new Summary(
                d.id,
                d.component,
                d.version,
                d.baselineVersion,
                d.status.name(),
                d.statusReason,
                d.stepIndex,
                steps,
                d.weight,
                d.createdBy,
                d.createdAt,
                d.finishedAt);
    }

    static JudgementSummary summary(JudgementEntity j) {
        return new JudgementSummary(
                j.id,
                j.stepIndex,
                j.run,
                j.windowStart,
                j.windowEnd,
                j.score,
                j.classification,
                j.inconclusive,
                j.resultHash);
    }

    static TimelineEntry entry(DeploymentEventEntity e, ObjectMapper json) {
        return new TimelineEntry(
                e.id, e.at, e.kind, e.actor, e.summary, e.detail == null ? null : tree(json, e.detail));
    }

    static JsonNode tree(ObjectMapper json, String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
