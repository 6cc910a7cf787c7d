package dev.verdict.decisions.criteria.evaluate;

import java.time.Instant;
import java.util.List;

/** The evidence status of a decision, the per-criterion results it came from, and why, in words. */
public record Evaluation(
        EvidenceStatus status, List<CriterionResult> results, String explanation, Instant evaluatedAt) {
    public Evaluation {
        results = List.copyOf(results);
    }
}
