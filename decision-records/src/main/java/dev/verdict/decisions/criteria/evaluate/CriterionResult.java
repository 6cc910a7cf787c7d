package dev.verdict.decisions.criteria.evaluate;

import dev.verdict.decisions.criteria.grammar.Criterion;
import java.util.UUID;

/**
 * The verdict on one criterion.
 *
 * @param decidingEvidence the evidence item that decided the outcome (null if none did)
 * @param observed         the value of the statistic in that item, as text (null if none)
 * @param matching         how many current (not superseded) matching items were examined (the service reads newest
 *                         first and stops after a page holding the deciding item)
 * @param explanation      one sentence a person can read
 */
public record CriterionResult(
        Criterion criterion,
        CriterionOutcome outcome,
        UUID decidingEvidence,
        String observed,
        int matching,
        String explanation) {}
