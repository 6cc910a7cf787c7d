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

    public record FileState(String contentHash, String error) {}

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
                        "SELECT path, content_hash, error FROM location_files WHERE location_id = ?",
                        ps -> ps.setLong(1, id),
                        rs -> Map.entry(rs.getString(1), new FileState(rs.getString(2), rs.getString(3))))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    public void saveFiles(long id, Map<String, FileState> changed, List<String> removed) {
        jdbc.run("save location files", c -> {
            try (var ps = c.prepareStatement("""
                    INSERT INTO location_files (location_id, path, content_hash, error) VALUES (?, ?, ?, ?)
                    ON CONFLICT (location_id, path) DO UPDATE SET content_hash = excluded.content_hash, error = excluded.error""")) {
                for (var e : changed.entrySet()) {
                    ps.setLong(1, id);
                    ps.setString(2, e.getKey());
                    ps.setString(3, e.getValue().contentHash());
                    ps.setString(4, e.getValue().error());
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
