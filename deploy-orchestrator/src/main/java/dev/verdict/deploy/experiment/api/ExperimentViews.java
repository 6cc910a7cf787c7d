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

    public record PhaseView(
            int phase,
            String seed,
            List<Double> weights,
            double coverage,
            String definitionHash,
            String reason,
            String startedBy,
            Instant startedAt,
            Instant endedAt) {}

    public record HistoryEntry(long id, Instant at, String kind, String actor, String summary) {}
}
