package dev.verdict.catalog.location;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.catalog.entity.model.DescriptorReader;
import dev.verdict.catalog.entity.model.DescriptorSyntaxException;
import dev.verdict.catalog.entity.model.Entity;
import dev.verdict.catalog.entity.model.ParsedDescriptor;
import dev.verdict.catalog.entity.service.EntityWriter;
import dev.verdict.catalog.entity.store.EntityStore;
import dev.verdict.catalog.entity.store.StoredEntity;
import dev.verdict.catalog.entity.validation.EntityValidator;
import dev.verdict.catalog.events.CatalogEventPublisher;
import dev.verdict.catalog.history.HistoryStore;
import dev.verdict.catalog.history.JsonDiff;
import dev.verdict.catalog.location.git.GitFetcher;
import dev.verdict.catalog.location.git.RemoteUrl;
import dev.verdict.catalog.location.store.LocationStore;
import dev.verdict.events.catalog.EntityOrphaned;
import dev.verdict.problem.NotFoundException;
import dev.verdict.problem.Violation;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refreshes a git location: fetch, find the files whose blob changed, parse and validate them, write their entities,
 * orphan entities that vanished from processed files, record conflicts with other locations. One transaction per
 * refresh, holding the location's row lock, so two replicas never refresh the same location at once and a failed
 * refresh leaves nothing half-written.
 */
@ApplicationScoped
public class LocationRefresher {

    public static final String ORPHAN_ANNOTATION = "backstage.io/orphan";
    public static final String MANAGED_BY = "backstage.io/managed-by-location";
    public static final String MANAGED_BY_ORIGIN = "backstage.io/managed-by-origin-location";
    static final long MAX_FILE_BYTES = 1024 * 1024;
    private static final String CONFLICT_PREFIX = "conflict:";

    private final LocationStore locations;
    private final EntityStore entities;
    private final EntityWriter writer;
    private final HistoryStore history;
    private final CatalogEventPublisher events;
    private final LocationConfig config;
    private final GitFetcher git;
    private final DescriptorReader reader;
    private final EntityValidator validator = new EntityValidator();

    public LocationRefresher(
            LocationStore locations,
            EntityStore entities,
            EntityWriter writer,
            HistoryStore history,
            CatalogEventPublisher events,
            LocationConfig config,
            ObjectMapper json) {
        this.locations = locations;
        this.entities = entities;
        this.writer = writer;
        this.history = history;
        this.events = events;
        this.config = config;
        this.git = new GitFetcher(Path.of(config.cacheDir()), config.gitTimeout(), config.gitDeadline());
        this.reader = new DescriptorReader(json);
    }

    /** Refreshes a location now (on demand). */
    public RefreshResult refresh(long id) {
        return refresh(id, false);
    }

    /**
     * Refreshes a location if it is still due once its lock is held: a replica whose list of due locations was read
     * before another replica finished refreshing one of them does not refresh it a second time.
     */
    public RefreshResult refreshIfDue(long id) {
        return refresh(id, true);
    }

    private RefreshResult refresh(long id, boolean onlyIfDue) {
        long t0 = System.nanoTime();
        RefreshResult r = QuarkusTransaction.requiringNew()
                .timeout((int) config.refreshTimeout().toSeconds())
                .call(() -> refreshLocked(id, onlyIfDue, t0));
        if (r.status().equals("busy") || r.status().equals("not-due")) {
            Log.debugf("location %d refresh: %s", id, r.status());
            return r;
        }
        if (r.status().equals("failed")) {
            Log.warnf("location %d refresh failed, its entities are untouched: %s", id, r.error());
            return r;
        }
        Log.infof(
                "location %d refresh: %s, %d changed / %d skipped files, %d created, %d updated, %d orphaned, %d ms",
                id,
                r.status(),
                r.filesChanged(),
                r.filesSkipped(),
                r.created(),
                r.updated(),
                r.orphaned(),
                r.durationMs());
        return r;
    }

    private RefreshResult refreshLocked(long id, boolean onlyIfDue, long t0) {
        var locked = locations.tryLock(id);
        if (locked.isEmpty()) {
            if (locations.find(id).isEmpty()) {
                throw new NotFoundException("no location " + id);
            }
            return RefreshResult.busy(id);
        }
        LocationStore.Location loc = locked.get();
        if (onlyIfDue && loc.nextRefreshAt().isAfter(Instant.now())) {
            return RefreshResult.notDue(id);
        }
        Phases phases = new Phases();
        Instant next = Instant.now().plus(config.refreshInterval());
        GitFetcher.Snapshot snap;
        try {
            snap = git.fetch(cacheKey(loc), RemoteUrl.parse(loc.url()), loc.branch(), loc.pathGlob());
        } catch (GitFetcher.GitFetchException e) {
            // The location shows the error; its entities stay exactly as they were.
            locations.recordFailure(id, e.getMessage(), next);
            return RefreshResult.failed(id, e.getMessage(), ms(t0));
        }

        phases.mark("fetch");
        Map<String, LocationStore.FileState> known = locations.files(id);
        List<String> changed = new ArrayList<>();
        for (var f : snap.files().entrySet()) {
            LocationStore.FileState k = known.get(f.getKey());
            if (k == null || !k.contentHash().equals(f.getValue())) {
                changed.add(f.getKey());
            }
        }
        List<String> removed = known.keySet().stream()
                .filter(p -> !snap.files().containsKey(p))
                .sorted()
                .toList();

        // Parse and validate every changed file; a broken file keeps its previous entities and reports why.
        Map<String, LocationStore.FileState> fileStates = new HashMap<>();
        Map<String, Entity> produced = new LinkedHashMap<>();
        Map<String, String> producedPath = new HashMap<>();
        Set<String> processedPaths = new LinkedHashSet<>(removed);
        // Read the changed blobs (one git reader, sequential), then parse and validate them in parallel: parsing
        // is the CPU-heavy part of a large import.
        Map<String, byte[]> contents = new HashMap<>();
        Map<String, String> readErrors = new HashMap<>();
        try (GitFetcher.BlobReader blobs = git.open(cacheKey(loc))) {
            for (String path : changed) {
                try {
                    contents.put(path, blobs.read(snap.files().get(path), MAX_FILE_BYTES));
                } catch (IOException e) {
                    readErrors.put(path, "cannot read file: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            locations.recordFailure(id, "cannot open the clone: " + e.getMessage(), next);
            return RefreshResult.failed(id, e.getMessage(), ms(t0));
        }
        Map<String, ParsedFile> parsed = changed.parallelStream()
                .collect(Collectors.toConcurrentMap(
                        p -> p,
                        p -> readErrors.containsKey(p)
                                ? new ParsedFile(List.of(), readErrors.get(p))
                                : parse(contents.get(p))));
        for (String path : changed) {
            String blob = snap.files().get(path);
            ParsedFile pf = parsed.get(path);
            String error = pf.error();
            if (error == null) {
                for (Entity e : pf.entities()) {
                    String ref = e.ref().toString();
                    String other = producedPath.putIfAbsent(ref, path);
                    if (other != null && !other.equals(path)) {
                        error = "entity " + ref + " is also defined in " + other;
                    }
                }
            }
            if (error != null) {
                pf.entities().forEach(e -> {
                    if (path.equals(producedPath.get(e.ref().toString()))) {
                        producedPath.remove(e.ref().toString());
                    }
                });
                fileStates.put(path, new LocationStore.FileState(blob, error));
                continue;
            }
            pf.entities().forEach(e -> produced.put(e.ref().toString(), annotate(e, loc, path)));
            fileStates.put(path, new LocationStore.FileState(blob, null));
            processedPaths.add(path);
        }
        phases.mark("parse");
        // Entities of processed files that are no longer produced become orphans.
        List<String> vanishedRefs = entities.activeRefsByLocation(id, processedPaths).stream()
                .filter(ref -> !produced.containsKey(ref))
                .toList();

        Set<String> toLock = new HashSet<>(produced.keySet());
        toLock.addAll(vanishedRefs);
        Map<String, StoredEntity> existing = entities.lockExisting(toLock);
        List<StoredEntity> vanished = vanishedRefs.stream()
                .map(existing::get)
                .filter(Objects::nonNull)
                .filter(e -> Objects.equals(e.locationId(), id) && e.orphanedAt() == null)
                .toList();

        List<LocationStore.Conflict> conflicts = new ArrayList<>();
        List<EntityWriter.Write> writes = new ArrayList<>();
        for (var p : produced.entrySet()) {
            StoredEntity prev = existing.get(p.getKey());
            String path = producedPath.get(p.getKey());
            if (prev != null && !Objects.equals(prev.locationId(), id) && prev.orphanedAt() == null) {
                // Claimed by another location (or registered through the API): the first owner keeps it.
                conflicts.add(new LocationStore.Conflict(p.getKey(), path, prev.locationId(), Instant.now()));
                fileStates.put(
                        path,
                        new LocationStore.FileState(
                                CONFLICT_PREFIX + snap.files().get(path),
                                "entity " + p.getKey() + " is already provided by "
                                        + (prev.locationId() == null
                                                ? "a registration through the API"
                                                : "location " + prev.locationId())));
                continue;
            }
            if (prev != null
                    && Objects.equals(prev.locationId(), id)
                    && prev.orphanedAt() == null
                    && prev.locationPath() != null
                    && !prev.locationPath().equals(path)
                    && !processedPaths.contains(prev.locationPath())) {
                // Also defined in another file of this location that did not change (or is broken and keeps its
                // entities): the file that had it first keeps it, instead of the entity silently moving here.
                conflicts.add(new LocationStore.Conflict(p.getKey(), path, id, Instant.now()));
                fileStates.put(
                        path,
                        new LocationStore.FileState(
                                CONFLICT_PREFIX + snap.files().get(path),
                                "entity " + p.getKey() + " is already defined in " + prev.locationPath()
                                        + " of this location"));
                continue;
            }
            writes.add(new EntityWriter.Write(p.getValue(), id, path));
        }
        phases.mark("diff");
        List<EntityWriter.WriteResult> results = writer.apply(writes, existing, "location:" + id);
        phases.mark("write");

        Instant now = Instant.now();
        Map<String, String> orphanBodies = new LinkedHashMap<>();
        List<HistoryStore.Change> orphanHistory = new ArrayList<>();
        for (StoredEntity e : vanished) {
            ObjectNode body = e.body().deepCopy();
            body.withObjectProperty("metadata")
                    .withObjectProperty("annotations")
                    .put(ORPHAN_ANNOTATION, "true");
            orphanBodies.put(e.ref(), body.toString());
            orphanHistory.add(
                    new HistoryStore.Change(e.ref(), "orphaned", "location:" + id, id, JsonDiff.diff(e.body(), body)));
        }
        entities.markOrphaned(orphanBodies, now);
        history.append(orphanHistory);
        Instant deleteAfter = now.plus(config.orphanGrace());
        vanished.forEach(
                e -> events.orphaned(new EntityOrphaned(e.ref(), e.uid().toString(), id, deleteAfter)));

        locations.saveFiles(id, fileStates, removed);
        List<String> conflictPaths = new ArrayList<>(changed);
        conflictPaths.addAll(removed);
        locations.replaceConflicts(id, conflictPaths, conflicts);

        int created =
                (int) results.stream().filter(r -> r.change().equals("created")).count();
        int updated =
                (int) results.stream().filter(r -> r.change().equals("updated")).count();
        int unchanged = (int)
                results.stream().filter(r -> r.change().equals("unchanged")).count();
        int errors = (int) fileStates.values().stream()
                .filter(f -> f.error() != null && !f.contentHash().startsWith(CONFLICT_PREFIX))
                .count();
        int count = entities.countByLocation(id);
        RefreshResult result = new RefreshResult(
                id,
                "ok",
                snap.commit(),
                snap.files().size(),
                changed.size(),
                snap.files().size() - changed.size(),
                removed.size(),
                created,
                updated,
                unchanged,
                vanished.size(),
                conflicts,
                errors,
                ms(t0),
                null);
        String summary = errors == 0 && conflicts.isEmpty()
                ? null
                : errors + " file(s) with errors, " + conflicts.size() + " conflict(s); see the location's files";
        locations.recordSuccess(id, snap.commit(), summary, count, result, next);
        phases.mark("finish");
        Log.debugf("location %d refresh phases: %s", id, phases);
        return result;
    }

    private record ParsedFile(List<Entity> entities, String error) {}

    /** Parses and validates one file; any problem makes the whole file an error (its entities stay as they were). */
    private ParsedFile parse(byte[] content) {
        List<Entity> out = new ArrayList<>();
        try {
            for (ParsedDescriptor d : reader.readYaml(new String(content, StandardCharsets.UTF_8))) {
                List<Violation> vs = validator.validate(d);
                if (!vs.isEmpty()) {
                    return new ParsedFile(
                            List.of(),
                            vs.stream()
                                    .map(v -> "document " + (v.document() + 1) + " " + v.path()
                                            + (v.line() == null ? "" : " (line " + v.line() + ")") + ": " + v.message())
                                    .collect(Collectors.joining("; ")));
                }
                out.add(new Entity(d.body()));
            }
        } catch (DescriptorSyntaxException e) {
            return new ParsedFile(
                    List.of(),
                    e.getMessage() + (e.line() > 0 ? " at line " + e.line() + ", column " + e.column() : ""));
        }
        return new ParsedFile(out, null);
    }

    /** Orphans every entity of a location and removes the location. */
    public void remove(long id) {
        LocationStore.Location loc = locations.find(id).orElseThrow(() -> new NotFoundException("no location " + id));
        QuarkusTransaction.requiringNew().run(() -> {
            if (locations.tryLock(id).isEmpty()) {
                throw new dev.verdict.problem.ConflictException("location " + id + " is being refreshed; retry");
            }
            Instant now = Instant.now();
            Map<String, String> bodies = new LinkedHashMap<>();
            List<HistoryStore.Change> changes = new ArrayList<>();
            List<StoredEntity> mine = entities.byLocation(id).stream()
                    .filter(e -> e.orphanedAt() == null)
                    .toList();
            entities.lockExisting(mine.stream().map(StoredEntity::ref).toList());
            for (StoredEntity e : mine) {
                ObjectNode body = e.body().deepCopy();
                body.withObjectProperty("metadata")
                        .withObjectProperty("annotations")
                        .put(ORPHAN_ANNOTATION, "true");
                bodies.put(e.ref(), body.toString());
                changes.add(new HistoryStore.Change(
                        e.ref(), "orphaned", "location:" + id, id, JsonDiff.diff(e.body(), body)));
            }
            entities.markOrphaned(bodies, now);
            history.append(changes);
            Instant deleteAfter = now.plus(config.orphanGrace());
            mine.forEach(
                    e -> events.orphaned(new EntityOrphaned(e.ref(), e.uid().toString(), id, deleteAfter)));
            locations.delete(id);
        });
        git.evict(cacheKey(loc));
    }

    /** Deletes orphans whose grace period ended before {@code cutoff}; returns how many. */
    public int purgeOrphans(Instant cutoff) {
        int total = 0;
        while (true) {
            int n = QuarkusTransaction.requiringNew().call(() -> {
                List<StoredEntity> expired = entities.lockExpiredOrphans(cutoff, 500);
                writer.delete(expired, "orphan-purge");
                return expired.size();
            });
            total += n;
            if (n < 500) {
                return total;
            }
        }
    }

    private Entity annotate(Entity e, LocationStore.Location loc, String path) {
        ObjectNode body = e.body().deepCopy();
        // The display form: credentials in the URL must not end up in entity bodies, history or events.
        String target =
                "verdict-git:" + RemoteUrl.parse(loc.url()).display() + "?ref=" + loc.branch() + "&path=" + path;
        ObjectNode annotations = body.withObjectProperty("metadata").withObjectProperty("annotations");
        annotations.put(MANAGED_BY, target);
        annotations.put(MANAGED_BY_ORIGIN, target);
        return new Entity(body);
    }

    /**
     * The cache directory of a location: keyed by id and url/branch, so a recreated database (ids start again) or
     * a changed url never fetches into a clone of another repository.
     */
    static String cacheKey(LocationStore.Location loc) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((loc.url() + "\n" + loc.branch()).getBytes(StandardCharsets.UTF_8));
            return "location-" + loc.id() + "-" + java.util.HexFormat.of().formatHex(h, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Durations of the refresh phases, for the debug log and performance work. */
    private static final class Phases {
        private final StringBuilder sb = new StringBuilder();
        private long last = System.nanoTime();

        void mark(String phase) {
            long now = System.nanoTime();
            sb.append(phase).append('=').append((now - last) / 1_000_000).append("ms ");
            last = now;
        }

        @Override
        public String toString() {
            return sb.toString().trim();
        }
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
