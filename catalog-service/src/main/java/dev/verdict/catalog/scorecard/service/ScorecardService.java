package dev.verdict.catalog.scorecard.service;

import dev.verdict.catalog.entity.model.Entity;
import dev.verdict.catalog.entity.model.EntityRef;
import dev.verdict.catalog.entity.model.KindSpec;
import dev.verdict.catalog.entity.store.EntityStore;
import dev.verdict.catalog.entity.store.StoredEntity;
import dev.verdict.catalog.scorecard.model.ScorecardResult;
import dev.verdict.catalog.scorecard.store.ScorecardStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps each entity's scorecard current: recomputed when the entity changes and when its owner appears or
 * disappears (the "owner resolves" rule depends on another entity).
 */
@ApplicationScoped
public class ScorecardService {

    private final ScorecardEngine engine;
    private final EntityStore entities;
    private final ScorecardStore store;

    public ScorecardService(
            EntityStore entities,
            ScorecardStore store,
            @ConfigProperty(name = "verdict.catalog.scorecard.rules", defaultValue = "scorecards/default.yaml")
                    String rulesResource) {
        this.engine = new ScorecardEngine(ScorecardRuleSet.loadResource(rulesResource));
        this.entities = entities;
        this.store = store;
    }

    public ScorecardRuleSet ruleSet() {
        return engine.ruleSet();
    }

    /** Within the caller's transaction, after the entities were written. */
    public void recompute(List<Entity> changed, Set<String> createdRefs) {
        Map<String, Entity> todo = new LinkedHashMap<>();
        changed.forEach(e -> todo.put(e.ref().toString(), e));
        // Only groups and users can own; a newly created one changes "owner resolves" for what it owns.
        List<String> owners = createdRefs.stream()
                .filter(r -> r.startsWith("group:") || r.startsWith("user:"))
                .toList();
        for (StoredEntity s : entities.ownedBy(owners, todo.keySet())) {
            todo.putIfAbsent(s.ref(), new Entity(s.body()));
        }
        evaluate(todo);
    }

    public void recomputeOwnedBy(Collection<String> refs) {
        Map<String, Entity> todo = new LinkedHashMap<>();
        for (StoredEntity s : entities.ownedBy(refs)) {
            todo.put(s.ref(), new Entity(s.body()));
        }
        evaluate(todo);
    }

    private void evaluate(Map<String, Entity> todo) {
        if (todo.isEmpty()) {
            return;
        }
        Set<String> owners = new HashSet<>();
        for (Entity e : todo.values()) {
            KindSpec.of(e.kind()).refs().stream()
                    .filter(f -> f.field().equals("owner"))
                    .forEach(f -> e.refs(f).forEach(r -> owners.add(r.toString())));
        }
        Set<String> existing = entities.existing(owners);
        Map<String, ScorecardResult> results = new LinkedHashMap<>();
        todo.forEach((ref, e) ->
                results.put(ref, engine.evaluate(e, (EntityRef r) -> existing.contains(r.toString()))));
        store.save(results);
    }

    public Optional<ScorecardStore.Stored> find(String ref) {
        return store.find(ref);
    }
}
