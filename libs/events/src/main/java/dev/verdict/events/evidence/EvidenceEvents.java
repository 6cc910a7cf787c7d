package dev.verdict.events.evidence;

import dev.verdict.events.EventType;
import dev.verdict.events.Topics;
import java.util.List;

/**
 * Evidence events, one type per producing area, all with {@link EvidenceReported} data. Published on the area's
 * topic ({@link Topics#BENCHMARKS}, {@link Topics#DEPLOY}, {@link Topics#EXPERIMENTS}, {@link Topics#TELEMETRY})
 * keyed by subject; consumed by decision-records. The area segment is singular like every other type's
 * ({@code benchmark}, {@code experiment}); topic names are plural.
 */
public final class EvidenceEvents {

    public static final EventType<EvidenceReported> BENCHMARK_EVIDENCE =
            EventType.of("dev.verdict.benchmark.evidence-reported.v1", EvidenceReported.class);
    public static final EventType<EvidenceReported> DEPLOY_EVIDENCE =
            EventType.of("dev.verdict.deploy.evidence-reported.v1", EvidenceReported.class);
    public static final EventType<EvidenceReported> EXPERIMENT_EVIDENCE =
            EventType.of("dev.verdict.experiment.evidence-reported.v1", EvidenceReported.class);
    public static final EventType<EvidenceReported> TELEMETRY_EVIDENCE =
            EventType.of("dev.verdict.telemetry.evidence-reported.v1", EvidenceReported.class);

    public static final List<EventType<EvidenceReported>> ALL =
            List.of(BENCHMARK_EVIDENCE, DEPLOY_EVIDENCE, EXPERIMENT_EVIDENCE, TELEMETRY_EVIDENCE);

    private EvidenceEvents() {}
}
