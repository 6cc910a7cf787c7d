package dev.verdict.events.decisions;

import dev.verdict.events.EventType;
import dev.verdict.events.Topics;

/** The event types decision-records publishes on {@link Topics#DECISIONS}, keyed by decision ref (ADR-0007). */
public final class DecisionEvents {

    public static final String TOPIC = Topics.DECISIONS;

    public static final EventType<EvidenceStatusChanged> EVIDENCE_STATUS_CHANGED =
            EventType.of("dev.verdict.decision.evidence-status-changed.v1", EvidenceStatusChanged.class);

    private DecisionEvents() {}
}
