package dev.verdict.catalog.scorecard.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A scorecard rule set as checked in under {@code src/main/resources/scorecards/}: ordered levels (lowest first)
 * and rules, each belonging to one level.
 */
public record ScorecardRuleSet(List<String> levels, List<Rule> rules) {

    /**
     * @param kinds the kinds the rule applies to (empty = all)
     * @param when optional precondition; when it does not hold the rule is not applicable
     * @param check what must hold
     */
    public record Rule(String id, String title, String level, List<String> kinds, Condition when, Check check) {}

    /** {@code path} is a JSON pointer into the descriptor; {@code equals} compares its text. */
    public record Condition(String path, String equals) {}

    /**
     * Types: {@code present} (path has a non-empty value), {@code matches} (path's text matches {@code pattern}),
     * {@code link} (a metadata link whose type or title contains {@code linkType}), {@code annotationAtLeast}
     * (numeric annotation value >= {@code min}), {@code ownerResolves} (spec.owner names an existing entity).
     */
    public record Check(String type, String path, String pattern, String linkType, String annotation, Double min) {}

    public ScorecardRuleSet {
        levels = List.copyOf(levels);
        rules = List.copyOf(rules);
        Set<String> ids = new HashSet<>();
        for (Rule r : rules) {
            if (r.id() == null || !ids.add(r.id())) {
                throw new IllegalArgumentException("scorecard rule ids must be present and unique: " + r.id());
            }
            if (!levels.contains(r.level())) {
                throw new IllegalArgumentException("rule " + r.id() + " has unknown level " + r.level());
            }
            if (r.check() == null
                    || !Set.of("present", "matches", "link", "annotationAtLeast", "ownerResolves")
                            .contains(r.check().type())) {
                throw new IllegalArgumentException("rule " + r.id() + " has an unknown check type");
            }
        }
    }

    public static ScorecardRuleSet load(InputStream yaml) {
        Object raw = new Yaml(new LoaderOptions()).load(yaml);
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        JsonNode tree = mapper.valueToTree(raw instanceof Map<?, ?> m ? m : Map.of());
        try {
            return mapper.treeToValue(tree, ScorecardRuleSet.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("invalid scorecard rule set: " + e.getOriginalMessage(), e);
        }
    }

    public static ScorecardRuleSet loadResource(String resource) {
        try (InputStream in = ScorecardRuleSet.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("scorecard rule set not found on the classpath: " + resource);
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
