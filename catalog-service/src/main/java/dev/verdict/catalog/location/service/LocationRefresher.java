package dev.verdict.catalog.location.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.catalog.entity.model.DescriptorReader;
import dev.verdict.catalog.entity.model.DescriptorSyntaxException;
import dev.verdict.catalog.entity.model.Entity;
import dev.verdict.catalog.entity.model.Kind;
import dev.verdict.catalog.entity.model.ParsedDescriptor;
import dev.verdict.catalog.entity.placeholder.PlaceholderResolver;
import dev.verdict.catalog.entity.placeholder.UrlReader;
import dev.verdict.catalog.entity.service.EntityWriter;
import dev.verdict.catalog.entity.service.NotAllowedException;
import dev.verdict.catalog.entity.store.EntityHead;
import dev.verdict.catalog.entity.store.EntityStore;
import dev.verdict.catalog.entity.store.StoredEntity;
import dev.verdict.catalog.entity.validation.EntityValidator;
import dev.verdict.catalog.events.CatalogEventPublisher;
import dev.verdict.catalog.history.model.ChangeKind;
import dev.verdict.catalog.history.service.JsonDiff;
import dev.verdict.catalog.history.store.HistoryStore;
import dev.verdict.catalog.location.git.GitFetcher;
import dev.verdict.catalog.location.git.RemoteUrl;
import dev.verdict.catalog.location.git.RepoPaths;
import dev.verdict.catalog.location.store.LocationStore;
import dev.verdict.catalog.relation.store.RelationStore;
import dev.verdict.events.catalog.EntityOrphaned;
import dev.verdict.problem.NotFoundException;
import dev.verdict.problem.Violation;
import dev.verdict.security.Caller;
import dev.verdict.security.Roles;
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
    private static final int ORPHAN_BATCH = 500;
    /** Refreshes that parse at least this many files release the heap they grew to (see refresh). */
    static final int LARGE_REFRESH_FILES = 1000;

    private static final String CONFLICT_PREFIX = "conflict:";
    private static final String RETRY_PREFIX = "retry:";

    private final LocationStore locations;
    private final EntityStore entities;
    private final EntityWriter writer;
    private final HistoryStore history;
    private final CatalogEventPublisher events;
    private final LocationConfig config;
    private final GitFetcher git;
    private final DescriptorReader reader;
    private final EntityValidator validator = new EntityValidator();
    private final PlaceholderResolver placeholders;
    private final UrlReader urls;
    private final RelationStore relations;

    public LocationRefresher(
            LocationStore locations,
            EntityStore entities,
            EntityWriter writer,
            HistoryStore history,
            CatalogEventPublisher events,
            LocationConfig config,
            ObjectMapper json,
            UrlReader urls,
            RelationStore relations) {
        this.locations = locations;
        this.entities = entities;
        this.writer = writer;
        this.history = history;
        this.events = events;
        this.config = config;
        this.git = new GitFetcher(Path.of(config.cacheDir()), config.gitTimeout(), config.gitDeadline());
        this.reader = new DescriptorReader(json);
        this.placeholders = new PlaceholderResolver(json);
        this.urls = urls;
        this.relations = relations;
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
        if (r.filesChanged() >= LARGE_REFRESH_FILES) {
            // A large import is a one-off peak: its garbage sits in the old generation until the next full
            // collection, which a service at rest may not need for hours, keeping the heap committed at the peak.
            // One collection now gives it back (the serial collector shrinks in one step with -ShrinkHeapInSteps).
            System.gc();
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
        Refresh r = new Refresh(loc, snap, locations.files(id), urls.refreshDeadline());
        phases.mark("fetch");
        try {
            parseChanged(r);
        } catch (IOException e) {
            locations.recordFailure(id, "cannot open the clone: " + e.getMessage(), next);
            return RefreshResult.failed(id, e.getMessage(), ms(t0));
        }
        phases.mark("parse");
        planWrites(r);
        phases.mark("diff");
        // Previous bodies are read a batch at a time (the rows are locked already), not all at once.
        List<EntityWriter.WriteResult> results = writer.apply(r.writes, entities::findAll, "location:" + id);
        phases.mark("write");
        orphanVanished(r);
        RefreshResult result = finish(r, results, next, t0);
        phases.mark("finish");
        Log.debugf("location %d refresh phases: %s", id, phases);
        return result;
    }

    /** The state of one refresh, filled in step by step. */
    private static final class Refresh {
        final LocationStore.Location loc;
        final long id;
        final GitFetcher.Snapshot snap;
        final Map<String, LocationStore.FileState> known;
        /**
         * The files this location holds: those matching its glob, then those its Location entities' targets name
         * (transitively), each with the glob-matched file it was reached from (its origin).
         */
        final Map<String, String> inScope = new LinkedHashMap<>();
        /** Files that need processing: new or changed blob, or a placeholder's source changed. */
        final List<String> changed = new ArrayList<>();
        /** Files this location held before and holds no more (gone from the tree, or no target names them). */
        List<String> removed = List.of();
        /** What to store per changed file: its blob, and the error that kept its entities as they were. */
        final Map<String, LocationStore.FileState> fileStates = new HashMap<>();
        /** Entities the processed files produce, by ref, and the file each came from. */
        final Map<String, Entity> produced = new LinkedHashMap<>();

        final Map<String, List<Violation>> producedWarnings = new HashMap<>();
        final Map<String, String> producedPath = new HashMap<>();
        /** Files whose entities are replaced by this refresh: the removed ones and the changed ones that parsed. */
        final Set<String> processedPaths = new LinkedHashSet<>();

        final List<LocationStore.Conflict> conflicts = new ArrayList<>();
        final List<EntityWriter.Write> writes = new ArrayList<>();
        Map<String, EntityHead> existing = Map.of();
        /** Refs of this location's entities that the processed files no longer produce. */
        List<String> vanished = List.of();
        /** All URL placeholder reads of this refresh end by then (verdict.catalog.reading.refresh-budget). */
        final Instant urlDeadline;

        Refresh(
                LocationStore.Location loc,
                GitFetcher.Snapshot snap,
                Map<String, LocationStore.FileState> known,
                Instant urlDeadline) {
            this.loc = loc;
            this.urlDeadline = urlDeadline;
            this.id = loc.id();
            this.snap = snap;
            this.known = known;
        }

        /**
         * Whether a file must be processed: its blob, or a file or URL its placeholders read, changed, or it is in
         * error.
         */
        boolean isChanged(String path) {
            LocationStore.FileState k = known.get(path);
            if (k == null || !k.contentHash().equals(snap.tree().get(path))) {
                return true;
            }
            if (k.error() != null) {
                // A file in error is read again: what refused it may have changed without its blob changing (a
                // custom kind configured, a host allowed, the service upgraded). Broken files are few.
                return true;
            }
            for (var read : k.reads().entrySet()) {
                if (UrlReader.isUrl(read.getKey())) {
                    return true; // a URL has no version to compare: read again
                }
                String now = snap.tree().get(read.getKey());
                if (!Objects.equals(now == null ? LocationStore.ABSENT : now, read.getValue())) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Finds the files in scope and parses and validates every changed one, level by level: the files matching the
     * glob first, then the files their Location entities' targets name (for an unchanged file, the targets stored
     * with it), until no new file is reached. A broken file keeps its previous entities and reports why. Blobs are
     * read with one git reader, files of a level parsed in parallel: parsing is the CPU-heavy part of a large import.
     */
    private void parseChanged(Refresh r) throws IOException {
        Map<String, ParsedFile> parsed = new HashMap<>();
        try (GitFetcher.BlobReader blobs = git.open(cacheKey(r.loc))) {
            List<String> level = new ArrayList<>();
            for (String path : r.snap.files().keySet()) {
                r.inScope.put(path, path);
                level.add(path);
            }
            while (!level.isEmpty()) {
                List<String> toParse = level.stream().filter(r::isChanged).toList();
                r.changed.addAll(toParse);
                Map<String, byte[]> contents = new HashMap<>();
                Map<String, String> readErrors = new HashMap<>();
                for (String path : toParse) {
                    try {
                        contents.put(path, blobs.read(r.snap.tree().get(path), MAX_FILE_BYTES));
                    } catch (IOException e) {
                        readErrors.put(path, "cannot read file: " + e.getMessage());
                    }
                }
                parsed.putAll(toParse.parallelStream()
                        .collect(Collectors.toConcurrentMap(
                                p -> p,
                                p -> readErrors.containsKey(p)
                                        ? ParsedFile.failed(readErrors.get(p))
                                        : parse(p, contents.get(p), new RepoSource(p, r.snap, blobs, r.urlDeadline)))));
                List<String> next = new ArrayList<>();
                for (String path : level) {
                    for (String target : followedTargets(path, parsed.get(path), r.known.get(path))) {
                        for (String t : RepoPaths.expand(target, r.snap.tree())) {
                            if (r.inScope.putIfAbsent(t, r.inScope.get(path)) == null) {
                                next.add(t);
                            }
                        }
                    }
                }
                level = next;
            }
        }
        r.removed = r.known.keySet().stream()
                .filter(p -> !r.inScope.containsKey(p))
                .sorted()
                .toList();
        r.processedPaths.addAll(r.removed);
        for (String path : r.changed) {
            String blob = r.snap.tree().get(path);
            ParsedFile pf = parsed.get(path);
            String error = pf.error();
            if (error == null) {
                for (ParsedFile.Produced e : pf.entities()) {
                    String ref = e.entity().ref().toString();
                    String other = r.producedPath.putIfAbsent(ref, path);
                    if (other != null && !other.equals(path)) {
                        error = "entity " + ref + " is also defined in " + other;
                    }
                }
            }
            if (error != null) {
                pf.entities().forEach(e -> {
                    if (path.equals(r.producedPath.get(e.entity().ref().toString()))) {
                        r.producedPath.remove(e.entity().ref().toString());
                    }
                });
                // Store the targets that were followed, so the next refresh follows the same ones. A file that lost
                // an entity to another file is retried on every refresh (its hash never matches), so it takes the
                // entity over once the other file gives it up, instead of the entity becoming an orphan.
                r.fileStates.put(
                        path,
                        new LocationStore.FileState(
                                pf.error() == null ? RETRY_PREFIX + blob : blob,
                                error,
                                List.of(),
                                pf.reads(),
                                followedTargets(path, pf, r.known.get(path))));
                continue;
            }
            for (ParsedFile.Produced e : pf.entities()) {
                String ref = e.entity().ref().toString();
                r.produced.put(ref, annotate(e.entity(), r.loc, path, r.inScope.get(path)));
                r.producedWarnings.put(ref, e.warnings());
            }
            r.fileStates.put(path, new LocationStore.FileState(blob, null, pf.warnings(), pf.reads(), pf.targets()));
            r.processedPaths.add(path);
        }
    }

    /**
     * The targets a file's Location entities name this refresh: those just parsed; for a file that failed to parse,
     * its previous ones (so a broken Location file keeps the files it reaches, and their entities, as they were);
     * for an unchanged file, the stored ones.
     */
    private static List<String> followedTargets(String path, ParsedFile parsed, LocationStore.FileState known) {
        if (parsed != null && parsed.error() == null) {
            return parsed.targets();
        }
        return known == null ? List.of() : known.targets();
    }

    /**
     * Placeholder targets of one file: relative paths in the same commit of the repository, URLs through the
     * allow-listed {@link UrlReader}. Records every target asked for, also the missing ones, so a change to any of
     * them re-processes the file.
     */
    private final class RepoSource implements PlaceholderResolver.Source {
        private final String file;
        private final GitFetcher.Snapshot snap;
        private final GitFetcher.BlobReader blobs;
        private final Instant urlDeadline;
        final Map<String, String> reads = new LinkedHashMap<>();

        RepoSource(String file, GitFetcher.Snapshot snap, GitFetcher.BlobReader blobs, Instant urlDeadline) {
            this.file = file;
            this.snap = snap;
            this.blobs = blobs;
            this.urlDeadline = urlDeadline;
        }

        /** Targets read once per file, however often its descriptors name them. */
        private final Map<String, PlaceholderResolver.Read> cache = new HashMap<>();

        @Override
        public PlaceholderResolver.Read read(String target) throws PlaceholderResolver.UnreadableException {
            PlaceholderResolver.Read cached = cache.get(target);
            if (cached != null) {
                return cached;
            }
            PlaceholderResolver.Read read = readOnce(target);
            cache.put(target, read);
            return read;
        }

        private PlaceholderResolver.Read readOnce(String target) throws PlaceholderResolver.UnreadableException {
            if (UrlReader.isUrl(target)) {
                reads.put(target, "url");
                return urls.read(target, urlDeadline);
            }
            String path = RepoPaths.resolve(file, target)
                    .orElseThrow(() -> new PlaceholderResolver.UnreadableException(
                            "it points outside the repository (relative to " + file + ")"));
            String blob = snap.tree().get(path);
            reads.put(path, blob == null ? LocationStore.ABSENT : blob);
            if (blob == null) {
                throw new PlaceholderResolver.UnreadableException("no file " + path + " in the repository at commit "
                        + snap.commit().substring(0, 12));
            }
            try {
                byte[] content;
                synchronized (blobs) { // one object reader, files parsed in parallel
                    content = blobs.read(blob, urls.maxBytes());
                }
                return new PlaceholderResolver.Read(path, blob, content);
            } catch (IOException e) {
                throw new PlaceholderResolver.UnreadableException(path + ": " + e.getMessage());
            }
        }
    }

    /**
     * Locks the entities this refresh touches and decides, per produced entity, whether it is written or is a
     * conflict; entities of processed files that are no longer produced become orphans.
     */
    private void planWrites(Refresh r) {
        long id = r.id;
        List<String> vanishedRefs = entities.activeRefsByLocation(id, r.processedPaths).stream()
                .filter(ref -> !r.produced.containsKey(ref))
                .toList();
        Set<String> toLock = new HashSet<>(r.produced.keySet());
        toLock.addAll(vanishedRefs);
        r.existing = entities.lockHeads(toLock);
        r.vanished = vanishedRefs.stream()
                .map(r.existing::get)
                .filter(Objects::nonNull)
                .filter(e -> Objects.equals(e.locationId(), id) && e.orphanedAt() == null)
                .map(EntityHead::ref)
                .toList();
        for (var p : r.produced.entrySet()) {
            EntityHead prev = r.existing.get(p.getKey());
            String path = r.producedPath.get(p.getKey());
            if (prev != null && !Objects.equals(prev.locationId(), id) && prev.orphanedAt() == null) {
                // Claimed by another location (or registered through the API): the first owner keeps it.
                conflict(
                        r,
                        p.getKey(),
                        path,
                        prev.locationId(),
                        "entity " + p.getKey() + " is already provided by "
                                + (prev.locationId() == null
                                        ? "a registration through the API"
                                        : "location " + prev.locationId()));
                continue;
            }
            if (prev != null
                    && Objects.equals(prev.locationId(), id)
                    && prev.orphanedAt() == null
                    && prev.locationPath() != null
                    && !prev.locationPath().equals(path)
                    && !r.processedPaths.contains(prev.locationPath())) {
                // Also defined in another file of this location that did not change (or is broken and keeps its
                // entities): the file that had it first keeps it, instead of the entity silently moving here.
                conflict(
                        r,
                        p.getKey(),
                        path,
                        id,
                        "entity " + p.getKey() + " is already defined in " + prev.locationPath() + " of this location");
                continue;
            }
            r.writes.add(new EntityWriter.Write(p.getValue(), id, path, r.producedWarnings.get(p.getKey())));
        }
    }

    private static void conflict(Refresh r, String ref, String path, Long owner, String message) {
        r.conflicts.add(new LocationStore.Conflict(ref, path, owner, Instant.now()));
        // Keep what the file read and names: its targets are still followed while the conflict is retried.
        LocationStore.FileState parsed = r.fileStates.get(path);
        r.fileStates.put(
                path,
                new LocationStore.FileState(
                        CONFLICT_PREFIX + r.snap.tree().get(path),
                        message,
                        parsed == null ? List.of() : parsed.warnings(),
                        parsed == null ? Map.of() : parsed.reads(),
                        parsed == null ? List.of() : parsed.targets()));
    }

    /** Marks the vanished entities as orphans, with history and an event each; they are deleted after the grace. */
    private void orphanVanished(Refresh r) {
        orphan(r.vanished, r.id);
    }

    /**
     * Marks entities of location {@code id} (locked by the caller) as orphans, a batch at a time: history and an
     * event each; they are deleted after the grace.
     */
    private void orphan(List<String> refs, long id) {
        Instant now = Instant.now();
        Instant deleteAfter = now.plus(config.orphanGrace());
        for (int from = 0; from < refs.size(); from += ORPHAN_BATCH) {
            List<String> refsOfBatch = refs.subList(from, Math.min(refs.size(), from + ORPHAN_BATCH));
            Map<String, StoredEntity> found = entities.findAll(refsOfBatch);
            List<StoredEntity> batch = refsOfBatch.stream()
                    .map(found::get)
                    .filter(Objects::nonNull)
                    .toList();
            Map<String, String> orphanBodies = new LinkedHashMap<>();
            List<HistoryStore.Change> orphanHistory = new ArrayList<>();
            for (StoredEntity e : batch) {
                ObjectNode body = e.body().deepCopy();
                body.withObjectProperty("metadata")
                        .withObjectProperty("annotations")
                        .put(ORPHAN_ANNOTATION, "true");
                orphanBodies.put(e.ref(), body.toString());
                orphanHistory.add(new HistoryStore.Change(
                        e.ref(), ChangeKind.ORPHANED, "location:" + id, id, JsonDiff.diff(e.body(), body)));
            }
            entities.markOrphaned(orphanBodies, now);
            history.append(orphanHistory);
            batch.forEach(
                    e -> events.orphaned(new EntityOrphaned(e.ref(), e.uid().toString(), id, deleteAfter)));
        }
    }

    /** Stores the files' states and conflicts, and the location's outcome. */
    private RefreshResult finish(Refresh r, List<EntityWriter.WriteResult> results, Instant next, long t0) {
        long id = r.id;
        locations.saveFiles(id, r.fileStates, r.removed);
        List<String> conflictPaths = new ArrayList<>(r.changed);
        conflictPaths.addAll(r.removed);
        locations.replaceConflicts(id, conflictPaths, r.conflicts);
        Map<ChangeKind, Long> byKind = results.stream()
                .collect(Collectors.groupingBy(EntityWriter.WriteResult::change, Collectors.counting()));
        int errors = (int) r.fileStates.values().stream()
                .filter(f -> f.error() != null && !f.contentHash().startsWith(CONFLICT_PREFIX))
                .count();
        int count = entities.countByLocation(id);
        RefreshResult result = new RefreshResult(
                id,
                "ok",
                r.snap.commit(),
                r.inScope.size(),
                r.changed.size(),
                r.inScope.size() - r.changed.size(),
                r.removed.size(),
                byKind.getOrDefault(ChangeKind.CREATED, 0L).intValue(),
                byKind.getOrDefault(ChangeKind.UPDATED, 0L).intValue(),
                byKind.getOrDefault(ChangeKind.UNCHANGED, 0L).intValue(),
                r.vanished.size(),
                r.conflicts,
                errors,
                ms(t0),
                null);
        String summary = errors == 0 && r.conflicts.isEmpty()
                ? null
                : errors + " file(s) with errors, " + r.conflicts.size() + " conflict(s); see the location's files";
        locations.recordSuccess(id, r.snap.commit(), summary, count, result, next);
        return result;
    }

    /**
     * What one file gave: its entities with their warnings, or the error that keeps its previous entities; the
     * placeholder targets it read and its Location entities' targets (resolved against the file).
     */
    private record ParsedFile(
            List<Produced> entities,
            String error,
            List<String> warnings,
            Map<String, String> reads,
            List<String> targets) {

        record Produced(Entity entity, List<Violation> warnings) {}

        static ParsedFile failed(String error) {
            return new ParsedFile(List.of(), error, List.of(), Map.of(), List.of());
        }
    }

    /**
     * Parses one file, substitutes its placeholders and validates it; any error makes the whole file an error (its
     * entities stay as they were).
     */
    private ParsedFile parse(String path, byte[] content, RepoSource source) {
        List<ParsedFile.Produced> out = new ArrayList<>();
        List<Violation> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        try {
            for (ParsedDescriptor raw : reader.readYaml(new String(content, StandardCharsets.UTF_8))) {
                PlaceholderResolver.Result resolved = placeholders.resolve(raw, source);
                if (!resolved.errors().isEmpty()) {
                    errors.addAll(resolved.errors());
                    continue;
                }
                EntityValidator.Checked checked = validator.check(resolved.descriptor());
                errors.addAll(checked.errors());
                if (checked.errors().isEmpty()) {
                    Entity e = new Entity(resolved.descriptor().body());
                    out.add(new ParsedFile.Produced(e, checked.warnings()));
                    checked.warnings().forEach(w -> warnings.add(describe(w)));
                    if (e.kind() == Kind.LOCATION) {
                        locationTargets(path, resolved.descriptor(), source, targets, warnings);
                    }
                }
            }
        } catch (DescriptorSyntaxException e) {
            return new ParsedFile(
                    List.of(),
                    e.getMessage() + (e.line() > 0 ? " at line " + e.line() + ", column " + e.column() : ""),
                    List.of(),
                    Map.copyOf(source.reads),
                    List.of());
        }
        if (!errors.isEmpty()) {
            return new ParsedFile(
                    List.of(),
                    errors.stream().map(LocationRefresher::describe).collect(Collectors.joining("; ")),
                    List.of(),
                    Map.copyOf(source.reads),
                    List.of());
        }
        return new ParsedFile(out, null, warnings, Map.copyOf(source.reads), targets);
    }

    private static String describe(Violation v) {
        return "document " + (v.document() + 1) + " " + v.path()
                + (v.line() == null ? "" : " (line " + v.line() + ", column " + v.column() + ")") + ": "
                + v.message();
    }

    /**
     * The targets of a Location entity ({@code spec.target}, {@code spec.targets}), resolved against its file as
     * Backstage resolves them against the Location's own URL. Absolute URLs are another location, not part of
     * this repository: not followed, with a warning.
     */
    private static void locationTargets(
            String path, ParsedDescriptor d, RepoSource source, List<String> targets, List<String> warnings) {
        var spec = d.body().path("spec");
        List<Map.Entry<String, String>> named = new ArrayList<>();
        if (spec.path("target").isTextual()) {
            named.add(Map.entry("/spec/target", spec.path("target").asText()));
        }
        for (int i = 0; i < spec.path("targets").size(); i++) {
            if (spec.path("targets").get(i).isTextual()) {
                named.add(Map.entry(
                        "/spec/targets/" + i, spec.path("targets").get(i).asText()));
            }
        }
        String type = spec.path("type").asText("url");
        boolean optional = "optional".equals(spec.path("presence").asText());
        for (var t : named) {
            var pos = d.sourceMap().find(t.getKey()).orElse(null);
            String at = "document " + (d.index() + 1) + " " + t.getKey()
                    + (pos == null ? "" : " (line " + pos.line() + ", column " + pos.column() + ")") + ": ";
            if (!type.equals("url") && !type.equals("file")) {
                warnings.add(at + "target " + t.getValue() + " of type " + type + " is not followed (Verdict follows"
                        + " url and file targets inside the location's repository)");
                continue;
            }
            if (t.getValue().contains("://")) {
                warnings.add(at + "target " + t.getValue() + " is outside this repository and is not followed;"
                        + " register it as a location of its own");
                continue;
            }
            var resolved = RepoPaths.resolve(path, t.getValue());
            if (resolved.isEmpty()) {
                warnings.add(at + "target " + t.getValue() + " points outside the repository; not followed");
                continue;
            }
            targets.add(resolved.get());
            if (!RepoPaths.isGlob(resolved.get()) && !source.snap.tree().containsKey(resolved.get())) {
                // Recorded like a missing placeholder file: the Location is read again once the file exists.
                source.reads.put(resolved.get(), LocationStore.ABSENT);
                if (!optional) {
                    warnings.add(at + "target " + t.getValue() + " (" + resolved.get() + ") does not exist in the"
                            + " repository at this commit");
                }
            }
        }
    }

    /** Orphans every entity of a location and removes the location. */
    public void remove(long id, Caller caller) {
        LocationStore.Location loc = locations.find(id).orElseThrow(() -> new NotFoundException("no location " + id));
        QuarkusTransaction.requiringNew().run(() -> {
            if (locations.tryLock(id).isEmpty()) {
                throw new dev.verdict.problem.ConflictException("location " + id + " is being refreshed; retry");
            }
            authorizeRemoval(loc, caller);
            List<String> mine = entities.activeRefsByLocation(id);
            entities.lockHeads(mine);
            orphan(mine, id);
            locations.delete(id);
        });
        git.evict(cacheKey(loc));
    }

    /**
     * Removing a location orphans its entities, which are deleted after the grace period: only admins, whoever
     * registered it, and members of the owners of everything it holds may do that (a location that holds nothing:
     * any engineer).
     */
    private void authorizeRemoval(LocationStore.Location loc, Caller caller) {
        if (caller.hasRole(Roles.ADMIN) || caller.actor().equals(loc.createdBy())) {
            return;
        }
        List<String> notMine = new ArrayList<>();
        for (String owner : entities.activeOwnersByLocation(loc.id())) {
            if (owner.isEmpty() || !relations.isMember(caller.userRef(), owner)) {
                notMine.add(owner.isEmpty() ? "(entities without an owner)" : owner);
            }
        }
        if (!notMine.isEmpty()) {
            throw new NotAllowedException("removing location " + loc.id() + " orphans entities of "
                    + String.join(", ", notMine) + "; only who registered it (" + loc.createdBy()
                    + "), members of those owners, and admins may remove it");
        }
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

    /**
     * Marks an entity with the file it came from and, as Backstage's {@code managed-by-origin-location}, the file
     * matching the location's glob through whose Location targets it was reached (the same file for most).
     */
    private Entity annotate(Entity e, LocationStore.Location loc, String path, String origin) {
        // In place: the tree was parsed by this refresh and nothing else holds it (no second tree per entity).
        ObjectNode body = e.body();
        ObjectNode annotations = body.withObjectProperty("metadata").withObjectProperty("annotations");
        annotations.put(MANAGED_BY, gitTarget(loc, path));
        annotations.put(MANAGED_BY_ORIGIN, gitTarget(loc, origin));
        return new Entity(body);
    }

    /** The display form: credentials in the URL must not end up in entity bodies, history or events. */
    private static String gitTarget(LocationStore.Location loc, String path) {
        return "verdict-git:" + RemoteUrl.parse(loc.url()).display() + "?ref=" + loc.branch() + "&path=" + path;
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
