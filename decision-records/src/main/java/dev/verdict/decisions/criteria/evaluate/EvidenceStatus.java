package dev.verdict.decisions.criteria.evaluate;

/** What a decision's evidence says about it, from its fitness criteria. */
public enum EvidenceStatus {
    /** Every criterion is satisfied by current, usable evidence. */
    SUPPORTED,
    /** At least one criterion is violated by current, usable evidence. */
    CONTRADICTED,
    /** A criterion has no usable evidence (none, too few samples, failed gates), or there are no criteria. */
    INCONCLUSIVE,
    /** The evidence that would decide a criterion is older than its max-age. */
    STALE
}
