package dev.verdict.decisions.decision.model;

import dev.verdict.decisions.shared.DecisionNumber;
import java.util.ArrayList;
import java.util.List;

/** Superseding touches two records: the old one becomes superseded-by the new one, the new one supersedes it. */
public final class Supersession {

    private Supersession() {}

    public record Result(Decision superseded, Decision successor) {}

    /**
     * @throws IllegalTransitionException if the old decision may not become superseded (only accepted ones may)
     * @throws IllegalArgumentException   if the successor is the same record, or is itself rejected or superseded
     */
    public static Result apply(Decision old, Decision successor) {
        if (old.number().equals(successor.number())) {
            throw new IllegalArgumentException(old.number() + " cannot supersede itself");
        }
        if (successor.status() != DecisionStatus.PROPOSED && successor.status() != DecisionStatus.ACCEPTED) {
            throw new IllegalArgumentException("the successor " + successor.number() + " is " + successor.status()
                    + "; only a proposed or accepted decision can supersede another");
        }
        Decision oldAfter = old.transition(DecisionStatus.SUPERSEDED).toBuilder()
                .supersededBy(append(old.supersededBy(), successor.number()))
                .build();
        Decision newAfter = successor.toBuilder()
                .supersedes(append(successor.supersedes(), old.number()))
                .build();
        return new Result(oldAfter, newAfter);
    }

    private static List<DecisionNumber> append(List<DecisionNumber> list, DecisionNumber n) {
        List<DecisionNumber> out = new ArrayList<>(list);
        if (!out.contains(n)) {
            out.add(n);
        }
        return out;
    }
}
