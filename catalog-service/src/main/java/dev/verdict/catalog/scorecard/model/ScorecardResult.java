package dev.verdict.catalog.scorecard.model;

import java.util.List;

/**
 * The score of one entity.
 *
 * @param level the highest level whose rules, and all lower levels' rules, pass; null if not even the lowest
 */
public record ScorecardResult(String level, List<RuleResult> rules) {

    public enum Status {
        PASS,
        FAIL,
        NOT_APPLICABLE
    }

    public record RuleResult(String id, String title, String level, Status status, String message) {}
}
