package dev.verdict.deploy.experiment.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** What the experiments API returns. */
public final class ExperimentViews {

    private ExperimentViews() {}

    public record Page<T>(List<T> items, int page, int size, long total) {}

    /** An experiment in a list. */
    public record Summary(
            String key,
            String component,
            String status,
            int phase,
            String hypothesis,
            String decision,
            String primaryMetric,
            String createdBy,
            Instant createdAt,
            Instant updatedAt) {}

    /** One experiment: its definition in the shape PUT takes, its current phase, its phases and its conclusion. */
    public record Detail(
            Summary summary,
            ObjectNode definition,
            String seed,
            String definitionHash,
            String winner,
            String conclusion,
            List<PhaseView> phases) {}

    /**
     * @param bucketVersion    GrowthBook's sticky bucket version of the phase (ADR-0006)
     * @param minBucketVersion sticky assignments of an older bucket version exclude their unit
     * @param existingUnits    what the phase did to units with sticky assignments: {@code reassign}, {@code
     *                         exclude} or {@code keep} ({@code new} for the first phase)
     */
    public record PhaseView(
            int phase,
            String seed,
            List<Double> weights,
            double coverage,
            int bucketVersion,
            int minBucketVersion,
            String existingUnits,
            String definitionHash,
            String reason,
            String startedBy,
            Instant startedAt,
            Instant endedAt) {}

    /** An analysis snapshot: when, of which phase and definition, what it says, and the whole analysis. */
    public record Results(
            java.util.UUID id,
            Instant at,
            int phase,
            String definitionHash,
            String status,
            String recommendation,
            dev.verdict.deploy.experiment.analysis.Snapshot analysis) {}

    /** An input the aggregation could not count, with the reason; the payload is base64 of the record's bytes. */
    public record ParkedEvent(
            long id,
            String eventId,
            String topic,
            String key,
            String type,
            String kind,
            String reason,
            Instant parkedAt,
            byte[] payload) {}

    public record HistoryEntry(long id, Instant at, String kind, String actor, String summary) {}
}
