package dev.verdict.decisions.evidence.service;

import dev.verdict.decisions.evidence.model.Evidence;
import dev.verdict.events.evidence.EvidenceReported;
import java.time.Instant;
import java.util.UUID;

/** Test access to the consumer's mapping of an event item to the evidence model. */
public final class EvidenceServiceAccess {

    private EvidenceServiceAccess() {}

    public static Evidence model(UUID eventId, EvidenceReported data, Instant now) {
        return EvidenceService.document(eventId, 0, "benchmark-harness", data, now)
                .toModel();
    }
}
