package dev.verdict.catalog.scorecard.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.catalog.entity.model.Entity;
import dev.verdict.catalog.entity.model.EntityRef;
import dev.verdict.catalog.entity.model.KindSpec;
import dev.verdict.catalog.entity.model.RefField;
import dev.verdict.catalog.scorecard.model.ScorecardResult;
import dev.verdict.catalog.scorecard.model.ScorecardResult.RuleResult;
import dev.verdict.catalog.scorecard.model.ScorecardResult.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Evaluates a rule set against one entity. A pure function of (rules, entity, which refs exist): the same inputs
 * give the same result, so results can be recomputed at any time and compared.
 */
public final class ScorecardEngine {

    private final ScorecardRuleSet ruleSet;

    public ScorecardEngine(ScorecardRuleSet ruleSet) {
        this.ruleSet = ruleSet;
    }

    public ScorecardRuleSet ruleSet() {
        return ruleSet;
    }

    public ScorecardResult evaluate(Entity entity, Predicate<EntityRef> exists) {
        List<RuleResult> results = new ArrayList<>();
        for (ScorecardRuleSet.Rule rule : ruleSet.rules()) {
            results.add(evaluate(rule, entity, exists));
        }
        String reached = null;
        for (String level : ruleSet.levels()) {
            boolean allPass =
                    results.stream().filter(r -> r.level().equals(level)).allMatch(r -> r.status() != Status.FAIL);
            if (!allPass) {
                break;
            }
            reached = level;
        }
        return new ScorecardResult(reached, results);
    }

    private RuleResult evaluate(ScorecardRuleSet.Rule rule, Entity entity, Predicate<EntityRef> exists) {
        String title = rule.title() == null ? rule.id() : rule.title();
        if (rule.kinds() != null
                && !rule.kinds().isEmpty()
                && rule.kinds().stream()
                        .noneMatch(k -> k.equalsIgnoreCase(entity.kind().displayName()))) {
            return new RuleResult(
                    rule.id(),
                    title,
                    rule.level(),
                    Status.NOT_APPLICABLE,
                    "not for kind " + entity.kind().displayName());
        }
        if (rule.when() != null) {
            JsonNode v = entity.body().at(rule.when().path());
            if (!v.isValueNode() || !v.asText().equals(rule.when().equals())) {
                return new RuleResult(
                        rule.id(),
                        title,
                        rule.level(),
                        Status.NOT_APPLICABLE,
                        rule.when().path() + " is not " + rule.when().equals());
            }
        }
        ScorecardRuleSet.Check c = rule.check();
        String failure = switch (c.type()) {
            case "present" -> present(entity.body().at(c.path())) ? null : c.path() + " is missing or empty";
            case "matches" -> {
                JsonNode v = entity.body().at(c.path());
                yield v.isValueNode()
                                && Pattern.compile(c.pattern())
                                        .matcher(v.asText())
                                        .matches()
                        ? null
                        : c.path() + " does not match " + c.pattern();
            }
            case "link" -> hasLink(entity, c.linkType()) ? null : "no link of type \"" + c.linkType() + "\"";
            case "annotationAtLeast" -> annotationAtLeast(entity, c.annotation(), c.min());
            case "ownerResolves" -> ownerResolves(entity, exists);
            default -> "unknown check " + c.type();
        };
        return failure == null
                ? new RuleResult(rule.id(), title, rule.level(), Status.PASS, null)
                : new RuleResult(rule.id(), title, rule.level(), Status.FAIL, failure);
    }

    private static boolean present(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return false;
        }
        if (v.isTextual()) {
            return !v.asText().isBlank();
        }
        return !(v.isContainerNode() && v.isEmpty());
    }

    private static boolean hasLink(Entity entity, String linkType) {
        String wanted = linkType.toLowerCase(Locale.ROOT);
        for (JsonNode link : entity.body().path("metadata").path("links")) {
            if (link.path("type").asText("").toLowerCase(Locale.ROOT).equals(wanted)
                    || link.path("title").asText("").toLowerCase(Locale.ROOT).contains(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static String annotationAtLeast(Entity entity, String annotation, Double min) {
        var value = entity.annotation(annotation);
        if (value.isEmpty()) {
            return "annotation " + annotation + " is missing";
        }
        try {
            // "21", "21.0.2" and "17-ea" all compare by their leading number.
            String lead = value.get().trim().split("[^0-9.]", 2)[0];
            String major = lead.contains(".") ? lead.substring(0, lead.indexOf('.')) : lead;
            double v = Double.parseDouble(major);
            return v >= min ? null : "annotation " + annotation + " is " + value.get() + ", needs >= " + fmt(min);
        } catch (NumberFormatException e) {
            return "annotation " + annotation + " is not a version number: " + value.get();
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String ownerResolves(Entity entity, Predicate<EntityRef> exists) {
        RefField owner = KindSpec.of(entity.kind()).refs().stream()
                .filter(r -> r.field().equals("owner"))
                .findFirst()
                .orElse(null);
        if (owner == null) {
            return "kind " + entity.kind().displayName() + " has no owner field";
        }
        List<EntityRef> refs = entity.refs(owner);
        if (refs.isEmpty()) {
            return "no owner";
        }
        return exists.test(refs.get(0)) ? null : "owner " + refs.get(0) + " does not exist in the catalog";
    }
}
