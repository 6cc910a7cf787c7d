package dev.verdict.events.decisions;

import java.time.Instant;
import java.util.List;

/**
 * {@code dev.verdict.decision.evidence-status-changed.v1} on {@code verdict.decisions.v1}, keyed by decision: the
 * evidence status of a decision moved (SUPPORTED, CONTRADICTED, INCONCLUSIVE, STALE).
 *
 * @param decision          e.g. {@code ADR-0007} (also the event subject)
 * @param previousStatus    the status before; null for the first evaluation
 * @param explanation       human-readable: which criteria and which evidence decided it
 * @param decidingEvidence  ids of the evidence items that decided the criteria
 * @param trigger           what caused the evaluation: {@code evidence:<id>}, {@code edit}, {@code staleness-job}, …
 */
public record EvidenceStatusChanged(
        String decision,
        String title,
        String previousStatus,
        String status,
        String explanation,
        List<String> decidingEvidence,
        String trigger,
        Instant evaluatedAt) {}
