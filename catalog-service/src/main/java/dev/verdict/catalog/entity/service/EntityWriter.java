package dev.verdict.catalog.entity.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.catalog.entity.model.Entity;
import dev.verdict.catalog.entity.model.EntityRef;
import dev.verdict.catalog.entity.model.KindSpec;
import dev.verdict.catalog.entity.model.RefField;
import dev.verdict.catalog.entity.store.EntityRow;
import dev.verdict.catalog.entity.store.EntityStore;
import dev.verdict.catalog.entity.store.StoredEntity;
import dev.verdict.catalog.events.CatalogEventPublisher;
import dev.verdict.catalog.history.model.ChangeKind;
import dev.verdict.catalog.history.service.JsonDiff;
import dev.verdict.catalog.history.store.HistoryStore;
import dev.verdict.catalog.relation.model.Relation;
import dev.verdict.catalog.relation.service.RelationCalculator;
import dev.verdict.catalog.relation.store.RelationStore;
import dev.verdict.catalog.scorecard.service.ScorecardService;
import dev.verdict.catalog.team.service.KeycloakGroupSync;
import dev.verdict.events.catalog.EntityDeleted;
import dev.verdict.events.catalog.EntityUpserted;
import dev.verdict.problem.Violation;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one write path of the catalog, shared by the REST API and git locations: given validated entities and their
 * locked previous rows, it writes the rows, their relations, history, scorecards and outbox events in the caller's
 * transaction, in batches. Unchanged descriptors write nothing (so a refresh that changes nothing is cheap and
 * leaves no history).
 */
@ApplicationScoped
public class EntityWriter {

    /**
     * One entity to write; {@code locationId} null for API registrations; {@code warnings} what it is accepted with
     * (refs no entity can have), stored and shown under its status.
     */
    public record Write(Entity entity, Long locationId, String locationPath, List<Violation> warnings) {
        public Write(Entity entity, Long locationId, String locationPath) {
            this(entity, locationId, locationPath, List.of());
        }
    }

    /** @param change {@code created}, {@code updated} or {@code unchanged} */
    public record WriteResult(String ref, ChangeKind change, List<String> unresolved, List<Violation> warnings) {}

    private final EntityStore store;
    private final RelationStore relationStore;
    private final HistoryStore history;
    private final ScorecardService scorecards;
    private final CatalogEventPublisher events;
    private final ObjectMapper json;
    private final KeycloakGroupSync teamSync;
    private final TransactionSynchronizationRegistry transactions;
    private final RelationCalculator relations = new RelationCalculator();

    public EntityWriter(
            EntityStore store,
            RelationStore relationStore,
            HistoryStore history,
            ScorecardService scorecards,
            CatalogEventPublisher events,
            ObjectMapper json,
            KeycloakGroupSync teamSync,
            TransactionSynchronizationRegistry transactions) {
        this.store = store;
        this.relationStore = relationStore;
        this.history = history;
        this.scorecards = scorecards;
        this.events = events;
        this.json = json;
        this.teamSync = teamSync;
        this.transactions = transactions;
    }

    /** Teams changed: mirror them to Keycloak once this transaction has committed (never for a rollback). */
    private void syncTeamsAfterCommit(boolean teamsChanged) {
        if (!teamsChanged) {
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    teamSync.requestSync();
                }
            }
        });
    }

    private static boolean isTeam(String ref) {
        return ref.startsWith("group:") || ref.startsWith("user:");
    }

    /** Writes a batch of this size at a time: a 10,000-file refresh holds one batch of rows, diffs and events. */
    static final int BATCH = 500;

    /** Writes entities whose previous rows the caller has locked and read ({@code existing}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<WriteResult> apply(List<Write> writes, Map<String, StoredEntity> existing, String actor) {
        return apply(writes, refs -> existing, actor);
    }

    /**
     * Writes entities in batches of {@link #BATCH}; {@code previous} gives the previous rows of a batch's refs
     * (locked by the caller, read when the batch is written, so a large refresh never holds every previous body).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<WriteResult> apply(
            List<Write> writes, Function<List<String>, Map<String, StoredEntity>> previous, String actor) {
        Map<String, ChangeKind> changeOf = new HashMap<>();
        boolean teamsChanged = false;
        for (int from = 0; from < writes.size(); from += BATCH) {
            List<Write> batch = writes.subList(from, Math.min(writes.size(), from + BATCH));
            Map<String, StoredEntity> existing = previous.apply(
                    batch.stream().map(w -> w.entity().ref().toString()).toList());
            teamsChanged |= applyBatch(batch, existing, actor, changeOf);
        }
        syncTeamsAfterCommit(teamsChanged);
        return results(writes, changeOf);
    }

    /** Writes one batch; returns whether a group or user changed. */
    private boolean applyBatch(
            List<Write> writes, Map<String, StoredEntity> existing, String actor, Map<String, ChangeKind> changeOf) {
        List<EntityRow> rows = new ArrayList<>();
        List<HistoryStore.Change> changes = new ArrayList<>();
        Map<String, List<Relation>> rels = new LinkedHashMap<>();
        List<Entity> changed = new ArrayList<>();
        List<EntityUpserted> upserts = new ArrayList<>();
        Set<String> created = new HashSet<>();
        for (Write w : writes) {
            Entity e = w.entity();
            String ref = e.ref().toString();
            StoredEntity prev = existing.get(ref);
            if (prev != null
                    && prev.body().equals(e.body())
                    && Objects.equals(prev.locationId(), w.locationId())
                    && prev.orphanedAt() == null) {
                changeOf.put(ref, ChangeKind.UNCHANGED);
                continue;
            }
            ChangeKind change = prev == null ? ChangeKind.CREATED : ChangeKind.UPDATED;
            changeOf.put(ref, change);
            if (prev == null) {
                created.add(ref);
            }
            UUID uid = prev == null ? UUID.randomUUID() : prev.uid();
            long generation = prev == null ? 1 : prev.generation() + 1;
            rows.add(row(e, uid, w.locationId(), w.locationPath(), generation, w.warnings()));
            changes.add(new HistoryStore.Change(
                    ref, change, actor, w.locationId(), JsonDiff.diff(prev == null ? null : prev.body(), e.body())));
            rels.put(ref, relations.relationsOf(e));
            changed.add(e);
            upserts.add(new EntityUpserted(
                    ref,
                    uid.toString(),
                    e.kind().displayName(),
                    owner(e),
                    change.label(),
                    generation,
                    actor,
                    placementAnnotations(e)));
        }
        long t0 = System.nanoTime();
        store.upsert(rows);
        long t1 = System.nanoTime();
        relationStore.replaceRelations(rels.keySet(), rels);
        long t2 = System.nanoTime();
        history.append(changes);
        long t3 = System.nanoTime();
        // A group created in a later batch re-evaluates what it owns then ("owner resolves"), as in one batch.
        scorecards.recompute(changed, created);
        long t4 = System.nanoTime();
        upserts.forEach(events::upserted);
        if (rows.size() == BATCH) {
            Log.debugf(
                    "wrote %d entities: rows=%dms relations=%dms history=%dms scorecards=%dms events=%dms",
                    rows.size(),
                    (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000,
                    (t3 - t2) / 1_000_000,
                    (t4 - t3) / 1_000_000,
                    (System.nanoTime() - t4) / 1_000_000);
        }
        return upserts.stream().anyMatch(u -> isTeam(u.ref()));
    }

    /** Deletes entities (already locked by the caller), recording history and events. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void delete(List<StoredEntity> entities, String actor) {
        if (entities.isEmpty()) {
            return;
        }
        List<String> refs = entities.stream().map(StoredEntity::ref).toList();
        store.delete(refs);
        history.append(entities.stream()
                .map(e -> new HistoryStore.Change(
                        e.ref(), ChangeKind.DELETED, actor, e.locationId(), JsonDiff.diff(e.body(), null)))
                .toList());
        scorecards.recomputeOwnedBy(refs);
        entities.forEach(e -> events.deleted(new EntityDeleted(e.ref(), e.uid().toString(), actor)));
        syncTeamsAfterCommit(refs.stream().anyMatch(EntityWriter::isTeam));
    }

    /** After every batch is written, so a ref to an entity of a later batch counts as resolved. */
    private List<WriteResult> results(List<Write> writes, Map<String, ChangeKind> changeOf) {
        List<WriteResult> out = new ArrayList<>();
        for (int from = 0; from < writes.size(); from += BATCH) {
            out.addAll(resultsOf(writes.subList(from, Math.min(writes.size(), from + BATCH)), changeOf));
        }
        return out;
    }

    private List<WriteResult> resultsOf(List<Write> writes, Map<String, ChangeKind> changeOf) {
        // A ref may name an entity that does not exist yet: kept, and reported so the caller can see it.
        Map<String, List<String>> targets = new LinkedHashMap<>();
        Map<String, List<Violation>> warnings = new HashMap<>();
        Set<String> all = new HashSet<>();
        for (Write w : writes) {
            List<String> t = new ArrayList<>();
            for (RefField f : KindSpec.of(w.entity().kind()).refs()) {
                for (EntityRef r : w.entity().refs(f)) {
                    t.add(r.toString());
                }
            }
            String ref = w.entity().ref().toString();
            targets.put(ref, t);
            warnings.put(ref, w.warnings());
            all.addAll(t);
        }
        Set<String> exist = store.existing(all);
        List<WriteResult> out = new ArrayList<>();
        for (var e : targets.entrySet()) {
            out.add(new WriteResult(
                    e.getKey(),
                    changeOf.get(e.getKey()),
                    e.getValue().stream()
                            .filter(r -> !exist.contains(r))
                            .distinct()
                            .toList(),
                    warnings.get(e.getKey())));
        }
        return out;
    }

    /** The annotations deploy targets place the entity by; the rest stay out of the event. */
    private static Map<String, String> placementAnnotations(Entity e) {
        Map<String, String> out = new java.util.TreeMap<>();
        e.body().path("metadata").path("annotations").properties().forEach(a -> {
            if (EntityUpserted.travels(a.getKey())
                    && a.getValue().isTextual()
                    && !a.getValue().asText().isBlank()) {
                out.put(a.getKey(), a.getValue().asText());
            }
        });
        return out;
    }

    static String owner(Entity e) {
        return KindSpec.of(e.kind()).refs().stream()
                .filter(f -> f.field().equals("owner"))
                .findFirst()
                .flatMap(f -> e.refs(f).stream().findFirst())
                .map(EntityRef::toString)
                .orElse(null);
    }

    private EntityRow row(
            Entity e, UUID uid, Long locationId, String locationPath, long generation, List<Violation> warnings) {
        String bodyJson;
        String warningsJson;
        try {
            bodyJson = json.writeValueAsString(e.body());
            warningsJson = warnings.isEmpty() ? null : json.writeValueAsString(warnings);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        KindSpec spec = KindSpec.of(e.kind());
        String system = spec.refs().stream()
                .filter(f -> f.field().equals("system"))
                .findFirst()
                .flatMap(f -> e.refs(f).stream().findFirst())
                .map(EntityRef::toString)
                .orElse(null);
        List<String> tags = e.tags();
        String primary = e.name() + " " + e.title().orElse("");
        return new EntityRow(
                e.ref().toString(),
                uid,
                e.kind().refName(),
                e.namespace().toLowerCase(),
                e.name().toLowerCase(),
                bodyJson,
                owner(e),
                e.specText("lifecycle").orElse(null),
                e.specText("type").orElse(null),
                system,
                tags,
                primary,
                String.join(" ", tags),
                e.description().orElse(""),
                locationId,
                locationPath,
                generation,
                warningsJson);
    }
}
