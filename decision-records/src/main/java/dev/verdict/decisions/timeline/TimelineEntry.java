package dev.verdict.decisions.timeline;

import java.time.Instant;
import java.util.Map;

/**
 * One thing that happened to a decision.
 *
 * @param kind created | edited | transition | superseded | evidence | evidence-status | comment | gate-override |
 *             imported | git-pull
 */
public record TimelineEntry(long id, String decision, Instant at, String actor, String kind, String summary,
        Map<String, Object> detail) {
}
