package dev.verdict.decisions.criteria.evaluate;

/** The verdict on one criterion. */
public enum CriterionOutcome {
    SATISFIED,
    VIOLATED,
    INCONCLUSIVE,
    STALE
}
