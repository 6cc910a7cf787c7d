package dev.verdict.events.experiment;

import dev.verdict.events.EventType;
import dev.verdict.events.Topics;

/**
 * The experiment events on {@link Topics#EXPERIMENTS}, keyed by experiment key: deploy-orchestrator publishes each
 * definition change through its outbox; the SDK (and the REST allocation endpoint's callers) publish exposures.
 * Analysis snapshots travel as {@code EvidenceEvents.EXPERIMENT_EVIDENCE} on the same topic.
 */
public final class ExperimentEvents {

    public static final String TOPIC = Topics.EXPERIMENTS;

    public static final EventType<ExperimentChanged> EXPERIMENT_CHANGED =
            EventType.of("dev.verdict.experiment.experiment-changed.v1", ExperimentChanged.class);
    public static final EventType<ExposureRecorded> EXPOSURE_RECORDED =
            EventType.of("dev.verdict.experiment.exposure-recorded.v1", ExposureRecorded.class);

    private ExperimentEvents() {}
}
