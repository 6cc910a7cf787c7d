package dev.verdict.events;

import dev.verdict.events.benchmark.BenchmarkEvents;
import dev.verdict.events.catalog.CatalogEvents;
import dev.verdict.events.decisions.DecisionEvents;
import dev.verdict.events.evidence.EvidenceEvents;
import dev.verdict.events.experiment.ExperimentEvents;
import dev.verdict.events.telemetry.TelemetryEvents;

/**
 * The platform's event types: every {@link EventType} a Verdict service may publish is listed here, so every
 * consumer can decode it. Each feature adds its record (in a package of this module named after its area, e.g.
 * {@code dev.verdict.events.catalog}) and one line below; {@code EventModelTest} fails for an {@code EventType}
 * constant of this module that is not listed, and for an area outside {@link #AREAS}.
 */
public final class EventTypes {

    /** The area segments of the platform's types: one per producing area, singular (topics are plural). */
    public static final java.util.Set<String> AREAS =
            java.util.Set.of("catalog", "benchmark", "deploy", "experiment", "telemetry", "decision");

    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.builder()
            // one .register(...) per event type, added by the issue that introduces it
            .register(CatalogEvents.ENTITY_UPSERTED)
            .register(CatalogEvents.ENTITY_DELETED)
            .register(CatalogEvents.ENTITY_ORPHANED)
            .register(BenchmarkEvents.COMPARISON_COMPLETED)
            .register(EvidenceEvents.BENCHMARK_EVIDENCE)
            .register(EvidenceEvents.DEPLOY_EVIDENCE)
            .register(EvidenceEvents.EXPERIMENT_EVIDENCE)
            .register(EvidenceEvents.TELEMETRY_EVIDENCE)
            .register(DecisionEvents.EVIDENCE_STATUS_CHANGED)
            .register(ExperimentEvents.EXPERIMENT_CHANGED)
            .register(ExperimentEvents.EXPOSURE_RECORDED)
            .register(TelemetryEvents.METRIC_OBSERVED)
            .build();

    private EventTypes() {}

    public static EventTypeRegistry registry() {
        return REGISTRY;
    }
}
