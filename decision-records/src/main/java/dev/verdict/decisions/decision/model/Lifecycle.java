package dev.verdict.decisions.decision.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The allowed status transitions of a decision record. A rejected proposal can be re-proposed; deprecated and
 * superseded records are final (a change of mind is a new record that supersedes them).
 */
public final class Lifecycle {

    private static final Map<DecisionStatus, Set<DecisionStatus>> ALLOWED = new EnumMap<>(DecisionStatus.class);

    static {
        ALLOWED.put(DecisionStatus.PROPOSED, EnumSet.of(DecisionStatus.ACCEPTED, DecisionStatus.REJECTED));
        ALLOWED.put(DecisionStatus.ACCEPTED, EnumSet.of(DecisionStatus.DEPRECATED, DecisionStatus.SUPERSEDED));
        ALLOWED.put(DecisionStatus.REJECTED, EnumSet.of(DecisionStatus.PROPOSED));
        ALLOWED.put(DecisionStatus.DEPRECATED, EnumSet.noneOf(DecisionStatus.class));
        ALLOWED.put(DecisionStatus.SUPERSEDED, EnumSet.noneOf(DecisionStatus.class));
    }

    private Lifecycle() {}

    public static Set<DecisionStatus> allowedFrom(DecisionStatus from) {
        return Collections.unmodifiableSet(ALLOWED.get(from));
    }

    public static boolean isAllowed(DecisionStatus from, DecisionStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    /** @throws IllegalTransitionException naming the statuses that are allowed from {@code from} */
    public static void check(DecisionStatus from, DecisionStatus to) {
        if (!isAllowed(from, to)) {
            throw new IllegalTransitionException(from, to, allowedFrom(from));
        }
    }
}
