package dev.verdict.catalog.scorecard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.verdict.catalog.entity.model.DescriptorReader;
import dev.verdict.catalog.entity.model.Entity;
import dev.verdict.catalog.entity.model.EntityRef;
import dev.verdict.catalog.scorecard.model.ScorecardResult;
import dev.verdict.catalog.scorecard.model.ScorecardResult.Status;
import dev.verdict.catalog.scorecard.service.ScorecardEngine;
import dev.verdict.catalog.scorecard.service.ScorecardRuleSet;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScorecardEngineTest {

    private final ScorecardEngine engine =
            new ScorecardEngine(ScorecardRuleSet.loadResource("scorecards/default.yaml"));
    private final Predicate<EntityRef> teamAExists = r -> r.toString().equals("group:default/team-a");

    private static Entity entity(String yaml) {
        return new Entity(new DescriptorReader().readYaml(yaml).get(0).body());
    }

    private static final String GOLD = """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: web
              description: The shop front
              tags: [java]
              annotations: {verdict.dev/jdk: "21.0.2", backstage.io/source-location: "url:https://git/x"}
              links: [{url: "https://wiki/runbook", title: "On-call Runbook"}]
            spec: {type: service, lifecycle: production, owner: team-a, system: shop}
            """;

    @Test
    void allRulesPassingGivesTheTopLevel() {
        ScorecardResult r = engine.evaluate(entity(GOLD), teamAExists);
        assertEquals("gold", r.level(), r.toString());
    }

    @Test
    void aFailingGoldRuleGivesSilver() {
        ScorecardResult r = engine.evaluate(entity(GOLD.replace("21.0.2", "17")), teamAExists);
        assertEquals("silver", r.level());
        Map<String, Status> s = r.rules().stream()
                .collect(Collectors.toMap(ScorecardResult.RuleResult::id, ScorecardResult.RuleResult::status));
        assertEquals(Status.FAIL, s.get("jdk-21"));
    }

    @Test
    void anUnresolvedOwnerFailsBronzeEvenIfHigherRulesPass() {
        ScorecardResult r = engine.evaluate(entity(GOLD), ref -> false);
        assertNull(r.level());
    }

    @Test
    void runbookRuleOnlyAppliesToProduction() {
        String experimental = GOLD.replace("links: [{url: \"https://wiki/runbook\", title: \"On-call Runbook\"}]", "")
                .replace("production", "experimental");
        ScorecardResult r = engine.evaluate(entity(experimental), teamAExists);
        assertEquals("gold", r.level());
        assertEquals(
                Status.NOT_APPLICABLE,
                r.rules().stream()
                        .filter(x -> x.id().equals("production-runbook"))
                        .findFirst()
                        .orElseThrow()
                        .status());
        assertEquals(
                "bronze",
                engine.evaluate(entity(experimental.replace("experimental", "production")), teamAExists)
                        .level());
    }

    @Test
    void ruleSetsAreCheckedWhenLoaded() {
        String bad = "levels: [a]\nrules:\n  - {id: x, level: b, check: {type: present, path: /x}}\n";
        assertThrows(
                IllegalArgumentException.class,
                () -> ScorecardRuleSet.load(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8))));
        Set<String> ids =
                engine.ruleSet().rules().stream().map(ScorecardRuleSet.Rule::id).collect(Collectors.toSet());
        assertEquals(7, ids.size());
    }
}
