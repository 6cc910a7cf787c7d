package dev.verdict.decisions.decision.model;

import java.time.Instant;

/** A written override of the evidence gate: the record of why a decision was accepted without support. */
public record GateOverride(
        long id,
        String decision,
        String architect,
        String reason,
        String evidenceStatus,
        String targetStatus,
        Instant createdAt) {}
