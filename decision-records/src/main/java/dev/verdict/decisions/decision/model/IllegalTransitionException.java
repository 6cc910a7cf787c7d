package dev.verdict.decisions.decision.model;

import java.util.Set;
import java.util.stream.Collectors;

/** A status change the lifecycle does not allow; the message names the allowed targets. */
public class IllegalTransitionException extends RuntimeException {

    private final DecisionStatus from;
    private final DecisionStatus to;
    private final Set<DecisionStatus> allowed;

    public IllegalTransitionException(DecisionStatus from, DecisionStatus to, Set<DecisionStatus> allowed) {
        super(message(from, to, allowed));
        this.from = from;
        this.to = to;
        this.allowed = Set.copyOf(allowed);
    }

    private static String message(DecisionStatus from, DecisionStatus to, Set<DecisionStatus> allowed) {
        String list = allowed.isEmpty()
                ? "none (" + from.label() + " is final)"
                : allowed.stream().sorted().map(DecisionStatus::label).collect(Collectors.joining(", "));
        return "a decision cannot go from " + from.label() + " to " + to.label() + "; allowed from " + from.label()
                + ": " + list;
    }

    public DecisionStatus from() {
        return from;
    }

    public DecisionStatus to() {
        return to;
    }

    public Set<DecisionStatus> allowed() {
        return allowed;
    }
}
