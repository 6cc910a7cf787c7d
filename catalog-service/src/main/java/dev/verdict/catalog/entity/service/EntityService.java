package dev.verdict.catalog.entity.service;

import dev.verdict.catalog.entity.model.Entity;
import dev.verdict.catalog.entity.model.EntityRef;
import dev.verdict.catalog.entity.model.Kind;
import dev.verdict.catalog.entity.model.ParsedDescriptor;
import dev.verdict.catalog.entity.model.SourcePosition;
import dev.verdict.catalog.entity.placeholder.PlaceholderResolver;
import dev.verdict.catalog.entity.placeholder.UrlReader;
import dev.verdict.catalog.entity.store.EntityFilter;
import dev.verdict.catalog.entity.store.EntityStore;
import dev.verdict.catalog.entity.store.StoredEntity;
import dev.verdict.catalog.entity.validation.EntityValidator;
import dev.verdict.catalog.entity.validation.ValidationException;
import dev.verdict.catalog.history.store.HistoryStore;
import dev.verdict.catalog.relation.store.RelationStore;
import dev.verdict.problem.ConflictException;
import dev.verdict.problem.NotFoundException;
import dev.verdict.problem.Violation;
import dev.verdict.security.Caller;
import dev.verdict.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Entity use cases of the REST API: register, read, list, graph, history, delete. */
@ApplicationScoped
public class EntityService {

    public static final int MAX_DEPTH = 10;

    private final EntityStore store;
    private final RelationStore relations;
    private final EntityWriter writer;
    private final HistoryStore history;
    private final EntityValidator validator = new EntityValidator();
    private final PlaceholderResolver placeholders;
    private final PlaceholderResolver.Source urlsOnly;

    public EntityService(
            EntityStore store,
            RelationStore relations,
            EntityWriter writer,
            HistoryStore history,
            UrlReader urls,
            com.fasterxml.jackson.databind.ObjectMapper json) {
        this.store = store;
        this.relations = relations;
        this.writer = writer;
        this.history = history;
        this.placeholders = new PlaceholderResolver(json);
        // A submission has no file around it: URLs on the allow-list resolve, relative paths cannot.
        this.urlsOnly = target -> {
            if (!UrlReader.isUrl(target)) {
                throw new PlaceholderResolver.UnreadableException("a relative path needs the file's location;"
                        + " register the file through a git location (POST /api/locations), or use an allowed URL");
            }
            return urls.read(target);
        };
    }

    /**
     * Registers every descriptor of a submission, or none: all documents are validated first and every violation
     * is reported; the write is one transaction.
     */
    @Transactional
    public List<EntityWriter.WriteResult> register(List<ParsedDescriptor> docs, Caller caller) {
        List<Violation> violations = new ArrayList<>();
        Map<String, ParsedDescriptor> byRef = new LinkedHashMap<>();
        Map<ParsedDescriptor, List<Violation>> warnings = new java.util.IdentityHashMap<>();
        List<ParsedDescriptor> substituted = new ArrayList<>();
        for (ParsedDescriptor raw : docs) {
            PlaceholderResolver.Result r = placeholders.resolve(raw, urlsOnly);
            violations.addAll(r.errors());
            if (r.errors().isEmpty()) {
                substituted.add(r.descriptor());
            }
        }
        for (ParsedDescriptor d : substituted) {
            EntityValidator.Checked checked = validator.check(d);
            List<Violation> vs = checked.errors();
            warnings.put(d, checked.warnings());
            violations.addAll(vs);
            if (vs.isEmpty()) {
                String ref = new Entity(d.body()).ref().toString();
                ParsedDescriptor first = byRef.putIfAbsent(ref, d);
                if (first != null) {
                    SourcePosition p = d.sourceMap().find("/metadata/name").orElse(null);
                    violations.add(new Violation(
                            "/metadata/name",
                            p == null ? null : p.line(),
                            p == null ? null : p.column(),
                            "entity " + ref + " is also defined by document " + (first.index() + 1),
                            d.index()));
                }
            }
        }
        if (docs.isEmpty()) {
            violations.add(new Violation("", null, null, "the submission contains no descriptor", 0));
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        if (!caller.hasRole(Roles.ADMIN)) {
            for (ParsedDescriptor d : byRef.values()) {
                Kind kind = new Entity(d.body()).kind();
                if (kind == Kind.GROUP || kind == Kind.USER) {
                    // Groups and their members are synced to Keycloak and grant rights there.
                    throw new NotAllowedException("only admin may register " + kind.displayName() + " entities ("
                            + new Entity(d.body()).ref() + "): teams grant rights through Keycloak");
                }
            }
        }
        Map<String, StoredEntity> existing = store.lockExisting(byRef.keySet());
        for (StoredEntity prev : existing.values()) {
            if (prev.locationId() != null) {
                throw new ConflictException("entity " + prev.ref() + " is managed by location " + prev.locationId()
                        + " (" + prev.locationPath() + "); change it in its repository");
            }
            authorizeChange(prev, caller, "change");
        }
        List<EntityWriter.Write> writes = byRef.values().stream()
                .map(d -> new EntityWriter.Write(new Entity(d.body()), null, null, warnings.get(d)))
                .toList();
        return writer.apply(writes, existing, caller.actor());
    }

    public Optional<StoredEntity> get(EntityRef ref) {
        return store.find(ref.toString());
    }

    /** The entity with its relations as the API's JSON (rendered by the database, see EntityStore#render). */
    public Optional<String> getRendered(EntityRef ref) {
        return store.findRendered(ref.toString());
    }

    public List<RelationStore.RelationView> relations(EntityRef ref) {
        if (store.find(ref.toString()).isEmpty()) {
            throw new NotFoundException("no entity " + ref);
        }
        return relations.relationsOf(ref.toString());
    }

    /** A page of rendered list items; {@code lastRef} is the cursor for the next page when {@code more}. */
    public record Page(List<EntityStore.Rendered> items, String lastRef, boolean more) {}

    public Page list(EntityFilter filter, String afterRef, int limit) {
        List<EntityStore.Rendered> rows = store.list(filter, afterRef, limit + 1);
        boolean more = rows.size() > limit;
        List<EntityStore.Rendered> items = more ? rows.subList(0, limit) : rows;
        return new Page(
                items, items.isEmpty() ? null : items.get(items.size() - 1).ref(), more);
    }

    public record GraphNode(String ref, int depth, boolean resolved) {}

    public record Graph(String root, int depth, List<GraphNode> nodes, List<GraphEdge> edges) {}

    /** An edge with its ends as entity ref strings, the form every other ref in the API has. */
    public record GraphEdge(String source, String type, String target) {}

    /**
     * The transitive dependsOn (direction {@code dependsOn}), dependencyOf or both neighbourhood of an entity.
     */
    public Graph graph(EntityRef root, String direction, int depth) {
        if (store.find(root.toString()).isEmpty()) {
            throw new NotFoundException("no entity " + root);
        }
        List<String> types = switch (direction) {
            case "dependsOn" -> List.of("dependsOn");
            case "dependencyOf" -> List.of("dependencyOf");
            case "both" -> List.of("dependsOn", "dependencyOf");
            default -> throw new IllegalArgumentException("direction must be dependsOn, dependencyOf or both");
        };
        int d = Math.max(0, Math.min(depth, MAX_DEPTH));
        Map<String, Integer> reached = relations.walk(root.toString(), types, d);
        var exist = store.existing(reached.keySet());
        List<GraphNode> nodes = reached.entrySet().stream()
                .map(e -> new GraphNode(e.getKey(), e.getValue(), exist.contains(e.getKey())))
                .sorted((a, b) -> a.depth() != b.depth()
                        ? Integer.compare(a.depth(), b.depth())
                        : a.ref().compareTo(b.ref()))
                .collect(Collectors.toList());
        // Only the edges pointing away from the root are kept, so the graph reads as a tree of the chosen direction.
        List<GraphEdge> edges = relations.edgesBetween(reached.keySet(), types).stream()
                .filter(r -> reached.get(r.target().toString())
                                > reached.get(r.source().toString())
                        || types.size() == 1)
                .map(r -> new GraphEdge(
                        r.source().toString(), r.type(), r.target().toString()))
                .toList();
        return new Graph(root.toString(), d, nodes, edges);
    }

    public List<HistoryStore.Entry> history(EntityRef ref, Long beforeId, int limit) {
        return history.list(ref.toString(), beforeId, limit);
    }

    /**
     * Deletes an entity. Deleting another team's entity needs membership of its owner group or {@code admin};
     * ownerless kinds (Group, User, Location) are the organisation's structure and need {@code admin}. An entity
     * that a git location provides is deleted in its repository (409 here); an orphan may be deleted at once.
     */
    @Transactional
    public boolean delete(EntityRef ref, Caller caller) {
        Map<String, StoredEntity> locked = store.lockExisting(List.of(ref.toString()));
        StoredEntity e = locked.get(ref.toString());
        if (e == null) {
            return false;
        }
        authorizeChange(e, caller, "delete");
        if (e.locationId() != null && e.orphanedAt() == null) {
            // Its file would not bring it back (unchanged files are skipped), so the catalog would silently differ
            // from the repository. Orphans (no longer in their repository) may be deleted before their grace ends.
            throw new ConflictException("entity " + e.ref() + " is managed by location " + e.locationId() + " ("
                    + e.locationPath() + "); remove it from its repository, or remove the location");
        }
        writer.delete(List.of(e), caller.actor());
        return true;
    }

    private void authorizeChange(StoredEntity e, Caller caller, String action) {
        if (caller.hasRole(Roles.ADMIN)) {
            return;
        }
        if (e.ownerRef() == null) {
            Kind kind = Kind.parse(e.body().path("kind").asText()).orElse(Kind.LOCATION);
            throw new NotAllowedException(
                    "only admin may " + action + " " + kind.displayName() + " entities (" + e.ref() + ")");
        }
        if (!relations.isMember(caller.userRef(), e.ownerRef())) {
            throw new NotAllowedException("to " + action + " " + e.ref() + " you must be a member of its owner "
                    + e.ownerRef() + " (as " + caller.userRef() + ") or have the admin role");
        }
    }
}
