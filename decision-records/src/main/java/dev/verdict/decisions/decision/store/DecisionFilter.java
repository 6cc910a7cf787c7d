package dev.verdict.decisions.decision.store;

import dev.verdict.decisions.decision.model.DecisionStatus;

/**
 * List filters (all optional) and the keyset page: decisions with a number greater than {@code after}, in number
 * order, at most {@code limit}.
 */
public record DecisionFilter(DecisionStatus status, String entity, String tag, String text, int after, int limit) {}
