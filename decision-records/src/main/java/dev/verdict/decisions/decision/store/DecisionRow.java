package dev.verdict.decisions.decision.store;

import dev.verdict.decisions.criteria.evaluate.EvidenceStatus;
import dev.verdict.decisions.decision.model.Decision;
import java.time.Instant;

/** A stored decision: the model (read from its canonical file), its file path, version and evidence status. */
public record DecisionRow(
        Decision decision,
        String path,
        String content,
        int version,
        EvidenceStatus evidenceStatus,
        String evidenceExplanation,
        Instant evaluatedAt,
        Instant createdAt,
        Instant updatedAt) {}
