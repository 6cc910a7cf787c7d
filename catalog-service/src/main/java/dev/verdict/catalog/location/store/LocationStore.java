package dev.verdict.catalog.location.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.persistence.Jdbc;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.persistence.EntityManager;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Git locations ({@link LocationEntity}), and their file hashes and conflicts. The files and conflicts of a location
 * are written in batches of upserts through {@link Jdbc}: a refresh of the 10,000-entity benchmark repository writes
 * one row per file (docs/performance.md); registering a location is an upsert too, because two registrations of one
 * repository race.
 */
@ApplicationScoped
public class LocationStore {

    public record Location(
            long id,
            String url,
            String branch,
            String pathGlob,
            String createdBy,
            Instant createdAt,
            Instant lastAttemptAt,
            Instant lastSuccessAt,
            String lastCommit,
            String lastError,
            Instant nextRefreshAt,
            int entityCount,
            JsonNode lastResult) {}

    /**
     * What a location knows about one of its files: the blob last processed, the error that kept its previous
     * entities (or null), the warnings its entities were accepted with, what its placeholders read (repository path
     * or URL → blob id, {@link #ABSENT} for a file that was missing) and its Location entities' targets (resolved
     * paths or globs in the repository).
     */
    public record FileState(
            String contentHash, String error, List<String> warnings, Map<String, String> reads, List<String> targets) {
        public FileState(String contentHash, String error) {
            this(contentHash, error, List.of(), Map.of(), List.of());
        }
    }

    /** The version recorded for a placeholder target that did not exist: its appearance re-processes the file. */
    public static final String ABSENT = "-";

    public record Conflict(String entityRef, String path, Long ownerLocationId, Instant detectedAt) {}

    private final Jdbc jdbc;
    private final EntityManager em;
    private final ObjectMapper json;

    public LocationStore(Jdbc jdbc, EntityManager em, ObjectMapper json) {
        this.jdbc = jdbc;
        this.em = em;
        this.json = json;
    }

    /**
     * Creates the location, or returns the existing one with the same url, branch and glob. Read back from the
     * upsert itself, not through the entity: a refresh that follows in a transaction of its own would otherwise find
     * this request's first-level cache holding the row as it was before the refresh.
     */
    public Location create(String url, String branch, String glob, String createdBy) {
        return jdbc.one(
                        "INSERT INTO locations (url, branch, path_glob, created_by) VALUES (?, ?, ?, ?) "
                                + "ON CONFLICT (url, branch, path_glob) DO UPDATE SET url = excluded.url RETURNING id, url, branch,"
                                + " path_glob, created_by, created_at, last_attempt_at, last_success_at, last_commit, last_error,"
                                + " next_refresh_at, entity_count, last_result::text",
                        ps -> {
                            ps.setString(1, url);
                            ps.setString(2, branch);
                            ps.setString(3, glob);
                            ps.setString(4, createdBy);
                        },
                        rs -> new Location(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                instant(rs.getTimestamp(6)),
                                instant(rs.getTimestamp(7)),
                                instant(rs.getTimestamp(8)),
                                rs.getString(9),
                                rs.getString(10),
                                instant(rs.getTimestamp(11)),
                                rs.getInt(12),
                                json(rs.getString(13))))
                .orElseThrow();
    }

    private static Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    @ActivateRequestContext
    public Optional<Location> find(long id) {
        return Optional.ofNullable(LocationEntity.<LocationEntity>findById(id)).map(this::read);
    }

    /**
     * Locks the location row for this transaction, or returns empty if another replica (or thread) holds it:
     * only one refresh of a location runs at a time across replicas.
     */
    public Optional<Location> tryLock(long id) {
        @SuppressWarnings("unchecked")
        List<LocationEntity> rows = em.createNativeQuery(
                        "SELECT * FROM locations WHERE id = :id FOR UPDATE SKIP LOCKED", LocationEntity.class)
                .setParameter("id", id)
                .getResultList();
        return rows.stream().findFirst().map(this::read);
    }

    @ActivateRequestContext
    public List<Location> list() {
        return LocationEntity.<LocationEntity>listAll(Sort.by("id")).stream()
                .map(this::read)
                .toList();
    }

    /** Ids of the locations due for a refresh; callable from the scheduler's thread (no request, no transaction). */
    @ActivateRequestContext
    public List<Long> due(Instant now) {
        return LocationEntity.<LocationEntity>find("nextRefreshAt <= ?1", Sort.by("nextRefreshAt"), now)
                .page(0, 50)
                .list()
                .stream()
                .map(l -> l.id)
                .toList();
    }

    public void recordFailure(long id, String error, Instant next) {
        LocationEntity l = LocationEntity.findById(id);
        if (l != null) {
            l.lastAttemptAt = Instant.now();
            l.lastError = error;
            l.nextRefreshAt = next;
            em.flush();
        }
    }

    public void recordSuccess(long id, String commit, String error, int entityCount, Object result, Instant next) {
        LocationEntity l = LocationEntity.findById(id);
        if (l != null) {
            Instant now = Instant.now();
            l.lastAttemptAt = now;
            l.lastSuccessAt = now;
            l.lastCommit = commit;
            l.lastError = error;
            l.entityCount = entityCount;
            l.lastResult = toJson(result);
            l.nextRefreshAt = next;
            em.flush();
        }
    }

    public void delete(long id) {
        LocationEntity.deleteById(id);
        em.flush(); // the database sets entities.location_id to null (ON DELETE SET NULL) for the JDBC that follows
    }

    public Map<String, FileState> files(long id) {
        Map<String, FileState> out = new HashMap<>();
        jdbc.list(
                        "SELECT path, content_hash, error, warnings::text, reads::text, targets::text"
                                + " FROM location_files WHERE location_id = ?",
                        ps -> ps.setLong(1, id),
                        rs -> Map.entry(
                                rs.getString(1),
                                new FileState(
                                        rs.getString(2),
                                        rs.getString(3),
                                        readJson(rs.getString(4), STRINGS, List.of()),
                                        readJson(rs.getString(5), STRING_MAP, Map.of()),
                                        readJson(rs.getString(6), STRINGS, List.of()))))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    public void saveFiles(long id, Map<String, FileState> changed, List<String> removed) {
        jdbc.run("save location files", c -> {
            try (var ps = c.prepareStatement("""
                    INSERT INTO location_files (location_id, path, content_hash, error, warnings, reads, targets)
                    VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb)
                    ON CONFLICT (location_id, path) DO UPDATE SET content_hash = excluded.content_hash,
                      error = excluded.error, warnings = excluded.warnings, reads = excluded.reads,
                      targets = excluded.targets""")) {
                for (var e : changed.entrySet()) {
                    FileState f = e.getValue();
                    ps.setLong(1, id);
                    ps.setString(2, e.getKey());
                    ps.setString(3, f.contentHash());
                    ps.setString(4, f.error());
                    ps.setString(5, f.warnings().isEmpty() ? null : writeJson(f.warnings()));
                    ps.setString(6, f.reads().isEmpty() ? null : writeJson(f.reads()));
                    ps.setString(7, f.targets().isEmpty() ? null : writeJson(f.targets()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            if (!removed.isEmpty()) {
                try (var ps =
                        c.prepareStatement("DELETE FROM location_files WHERE location_id = ? AND path = ANY(?)")) {
                    ps.setLong(1, id);
                    ps.setArray(2, c.createArrayOf("text", removed.toArray()));
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Replaces the conflicts recorded for the given paths of a location. */
    public void replaceConflicts(long id, List<String> paths, List<Conflict> conflicts) {
        jdbc.run("replace location conflicts", c -> {
            try (var ps =
                    c.prepareStatement("DELETE FROM location_conflicts WHERE location_id = ? AND path = ANY(?)")) {
                ps.setLong(1, id);
                ps.setArray(2, c.createArrayOf("text", paths.toArray()));
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("""
                    INSERT INTO location_conflicts (location_id, entity_ref, path, owner_location_id) VALUES (?, ?, ?, ?)
                    ON CONFLICT (location_id, entity_ref) DO UPDATE SET path = excluded.path,
                      owner_location_id = excluded.owner_location_id, detected_at = now()""")) {
                for (Conflict cf : conflicts) {
                    ps.setLong(1, id);
                    ps.setString(2, cf.entityRef());
                    ps.setString(3, cf.path());
                    if (cf.ownerLocationId() == null) {
                        ps.setNull(4, Types.BIGINT);
                    } else {
                        ps.setLong(4, cf.ownerLocationId());
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    public List<Conflict> conflicts(long id) {
        return jdbc.list(
                "SELECT entity_ref, path, owner_location_id, detected_at FROM location_conflicts"
                        + " WHERE location_id = ? ORDER BY entity_ref",
                ps -> ps.setLong(1, id),
                rs -> {
                    long owner = rs.getLong(3);
                    return new Conflict(
                            rs.getString(1),
                            rs.getString(2),
                            rs.wasNull() ? null : owner,
                            rs.getTimestamp(4).toInstant());
                });
    }

    public Map<String, String> fileErrors(long id) {
        Map<String, String> out = new java.util.TreeMap<>();
        files(id).forEach((p, f) -> {
            if (f.error() != null) {
                out.put(p, f.error());
            }
        });
        return out;
    }

    /** Per file, the warnings its entities were accepted with (files without any are left out). */
    public Map<String, List<String>> fileWarnings(long id) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        files(id).forEach((p, f) -> {
            if (!f.warnings().isEmpty()) {
                out.put(p, f.warnings());
            }
        });
        return out;
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<List<String>> STRINGS =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, String>> STRING_MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};

    private <T> T readJson(String text, com.fasterxml.jackson.core.type.TypeReference<T> type, T empty) {
        try {
            return text == null ? empty : json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String writeJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode json(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Location read(LocationEntity l) {
        return new Location(
                l.id,
                l.url,
                l.branch,
                l.pathGlob,
                l.createdBy,
                l.createdAt,
                l.lastAttemptAt,
                l.lastSuccessAt,
                l.lastCommit,
                l.lastError,
                l.nextRefreshAt,
                l.entityCount,
                json(l.lastResult));
    }

    private String toJson(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
