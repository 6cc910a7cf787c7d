package dev.verdict.catalog.location;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.catalog.entity.store.EntityStore.StoreException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL access to git locations, their file hashes and conflicts. */
@ApplicationScoped
public class LocationStore {

    public record Location(long id, String url, String branch, String pathGlob, String createdBy, Instant createdAt,
                           Instant lastAttemptAt, Instant lastSuccessAt, String lastCommit, String lastError,
                           Instant nextRefreshAt, int entityCount, JsonNode lastResult) {
    }

    public record FileState(String contentHash, String error) {
    }

    public record Conflict(String entityRef, String path, Long ownerLocationId, Instant detectedAt) {
    }

    private static final String COLUMNS = "id, url, branch, path_glob, created_by, created_at, last_attempt_at, "
            + "last_success_at, last_commit, last_error, next_refresh_at, entity_count, last_result::text";

    private final AgroalDataSource ds;
    private final ObjectMapper json;

    public LocationStore(AgroalDataSource ds, ObjectMapper json) {
        this.ds = ds;
        this.json = json;
    }

    /** Creates the location, or returns the existing one with the same url, branch and glob. */
    public Location create(String url, String branch, String glob, String createdBy) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO locations (url, branch, path_glob, created_by) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (url, branch, path_glob) DO UPDATE SET url = excluded.url RETURNING " + COLUMNS)) {
            ps.setString(1, url);
            ps.setString(2, branch);
            ps.setString(3, glob);
            ps.setString(4, createdBy);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return read(rs);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public Optional<Location> find(long id) {
        return queryLocations("SELECT " + COLUMNS + " FROM locations WHERE id = ?", id).stream().findFirst();
    }

    /**
     * Locks the location row for this transaction, or returns empty if another replica (or thread) holds it:
     * only one refresh of a location runs at a time across replicas.
     */
    public Optional<Location> tryLock(long id) {
        return queryLocations("SELECT " + COLUMNS + " FROM locations WHERE id = ? FOR UPDATE SKIP LOCKED", id)
                .stream().findFirst();
    }

    public List<Location> list() {
        return queryLocations("SELECT " + COLUMNS + " FROM locations ORDER BY id", null);
    }

    public List<Long> due(Instant now) {
        List<Long> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM locations WHERE next_refresh_at <= ? ORDER BY next_refresh_at LIMIT 50")) {
            ps.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    public void recordFailure(long id, String error, Instant next) {
        update("UPDATE locations SET last_attempt_at = now(), last_error = ?, next_refresh_at = ? WHERE id = ?",
                ps -> {
                    ps.setString(1, error);
                    ps.setTimestamp(2, Timestamp.from(next));
                    ps.setLong(3, id);
                });
    }

    public void recordSuccess(long id, String commit, String error, int entityCount, Object result, Instant next) {
        update("UPDATE locations SET last_attempt_at = now(), last_success_at = now(), last_commit = ?, last_error = ?, "
                + "entity_count = ?, last_result = ?::jsonb, next_refresh_at = ? WHERE id = ?", ps -> {
            ps.setString(1, commit);
            ps.setString(2, error);
            ps.setInt(3, entityCount);
            ps.setString(4, toJson(result));
            ps.setTimestamp(5, Timestamp.from(next));
            ps.setLong(6, id);
        });
    }

    public void delete(long id) {
        update("DELETE FROM locations WHERE id = ?", ps -> ps.setLong(1, id));
    }

    public Map<String, FileState> files(long id) {
        Map<String, FileState> out = new HashMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT path, content_hash, error FROM location_files WHERE location_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new FileState(rs.getString(2), rs.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    public void saveFiles(long id, Map<String, FileState> changed, List<String> removed) {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
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
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM location_files WHERE location_id = ? AND path = ANY(?)")) {
                    ps.setLong(1, id);
                    ps.setArray(2, c.createArrayOf("text", removed.toArray()));
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Replaces the conflicts recorded for the given paths of a location. */
    public void replaceConflicts(long id, List<String> paths, List<Conflict> conflicts) {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM location_conflicts WHERE location_id = ? AND path = ANY(?)")) {
                ps.setLong(1, id);
                ps.setArray(2, c.createArrayOf("text", paths.toArray()));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
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
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public List<Conflict> conflicts(long id) {
        List<Conflict> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT entity_ref, path, owner_location_id, detected_at FROM location_conflicts WHERE location_id = ? ORDER BY entity_ref")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long owner = rs.getLong(3);
                    out.add(new Conflict(rs.getString(1), rs.getString(2), rs.wasNull() ? null : owner,
                            rs.getTimestamp(4).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
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

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String sql, Binder binder) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private List<Location> queryLocations(String sql, Long id) {
        List<Location> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (id != null) {
                ps.setLong(1, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    private Location read(ResultSet rs) throws SQLException {
        String result = rs.getString(13);
        try {
            return new Location(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    ts(rs, 6), ts(rs, 7), ts(rs, 8), rs.getString(9), rs.getString(10), ts(rs, 11), rs.getInt(12),
                    result == null ? null : json.readTree(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant ts(ResultSet rs, int i) throws SQLException {
        Timestamp t = rs.getTimestamp(i);
        return t == null ? null : t.toInstant();
    }

    private String toJson(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
