package dev.verdict.catalog.entity.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.catalog.relation.Relation;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * SQL access to entities and relations. Plain JDBC on the JTA-enlisted datasource rather than an ORM: the catalog
 * is JSONB documents, arrays, tsvector and batched upserts, which SQL says directly (and the 10k import needs
 * batching). Callers provide the transaction.
 */
@ApplicationScoped
public class EntityStore {

    private static final String COLUMNS =
            "ref, uid, body::text, owner_ref, location_id, location_path, generation, orphaned_at";
    private static final String DEFAULT_NAMESPACE = dev.verdict.catalog.entity.model.EntityRef.DEFAULT_NAMESPACE;

    private final AgroalDataSource ds;
    private final ObjectMapper json;

    public EntityStore(AgroalDataSource ds, ObjectMapper json) {
        this.ds = ds;
        this.json = json;
    }

    public Optional<StoredEntity> find(String ref) {
        return query("SELECT " + COLUMNS + " FROM entities WHERE ref = ?", ref).stream()
                .findFirst();
    }

    /**
     * The JSON an API read returns for entity row {@code e}, built by PostgreSQL from the stored JSONB so the service
     * neither parses nor re-serializes it (the read endpoints' hot path): the descriptor plus {@code metadata.namespace}
     * (default when absent), {@code metadata.uid}, {@code metadata.generation}, {@code status} (location and orphan
     * time, when there are any) and, for a single entity, {@code relations} with whether each target exists. Keys come
     * out in JSONB's order (shorter keys first), which JSON readers do not care about. {@code orphanedAt} is written
     * like {@link Instant#toString()}.
     */
    static String render(boolean withRelations) {
        return """
                (e.body
                  || jsonb_build_object('metadata', coalesce(e.body->'metadata', '{}'::jsonb) || jsonb_build_object(
                       'namespace', coalesce(nullif(e.body->'metadata'->'namespace', 'null'::jsonb), to_jsonb(?::text)),
                       'uid', e.uid, 'generation', e.generation))
                  || CASE WHEN e.location_id IS NULL AND e.orphaned_at IS NULL THEN '{}'::jsonb
                     ELSE jsonb_build_object('status',
                       CASE WHEN e.location_id IS NULL THEN '{}'::jsonb
                            ELSE jsonb_build_object('locationId', e.location_id, 'locationPath', e.location_path) END
                       || CASE WHEN e.orphaned_at IS NULL THEN '{}'::jsonb
                            ELSE jsonb_build_object('orphanedAt', to_char(e.orphaned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
                              || CASE WHEN extract(microseconds FROM e.orphaned_at)::bigint % 1000000 = 0 THEN ''
                                      WHEN extract(microseconds FROM e.orphaned_at)::bigint % 1000 = 0
                                        THEN to_char(e.orphaned_at AT TIME ZONE 'UTC', '.MS')
                                      ELSE to_char(e.orphaned_at AT TIME ZONE 'UTC', '.US') END || 'Z') END) END
                """ + (withRelations ? """
                  || jsonb_build_object('relations', (SELECT coalesce(jsonb_agg(jsonb_build_object('type', r.type,
                       'targetRef', r.target_ref, 'resolved', EXISTS (SELECT 1 FROM entities t WHERE t.ref = r.target_ref))
                       ORDER BY r.type, r.target_ref), '[]'::jsonb)
                     FROM (SELECT DISTINCT type, target_ref FROM relations WHERE source_ref = e.ref) r))
                """ : "") + ")::text";
    }

    /** One entity rendered for the API with its relations, in one statement (get-by-ref). */
    public Optional<String> findRendered(String ref) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT " + render(true) + " FROM entities e WHERE e.ref = ?")) {
            ps.setString(1, DEFAULT_NAMESPACE);
            ps.setString(2, ref);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** A rendered list item and its ref (the keyset cursor). */
    public record Rendered(String ref, String json) {}

    /** Reads and locks the rows of {@code refs} that exist, so concurrent writers of the same entity serialize. */
    public Map<String, StoredEntity> lockExisting(Collection<String> refs) {
        Map<String, StoredEntity> out = new HashMap<>();
        if (refs.isEmpty()) {
            return out;
        }
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT " + COLUMNS + " FROM entities WHERE ref = ANY(?) ORDER BY ref FOR UPDATE")) {
            ps.setArray(1, c.createArrayOf("text", refs.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredEntity e = read(rs);
                    out.put(e.ref(), e);
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    public List<StoredEntity> byLocation(long locationId) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT " + COLUMNS + " FROM entities WHERE location_id = ?")) {
            ps.setLong(1, locationId);
            return readAll(ps);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public List<StoredEntity> ownedBy(Collection<String> ownerRefs) {
        return ownedBy(ownerRefs, List.of());
    }

    /** Entities owned by any of {@code ownerRefs}, except those in {@code excluded}. */
    public List<StoredEntity> ownedBy(Collection<String> ownerRefs, Collection<String> excluded) {
        if (ownerRefs.isEmpty()) {
            return List.of();
        }
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT " + COLUMNS + " FROM entities WHERE owner_ref = ANY(?) AND NOT (ref = ANY(?))")) {
            ps.setArray(1, c.createArrayOf("text", ownerRefs.toArray()));
            ps.setArray(2, c.createArrayOf("text", excluded.toArray()));
            return readAll(ps);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Refs of the non-orphaned entities a location provides from the given files. */
    public List<String> activeRefsByLocation(long locationId, Collection<String> paths) {
        List<String> out = new ArrayList<>();
        if (paths.isEmpty()) {
            return out;
        }
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT ref FROM entities WHERE location_id = ? AND location_path = ANY(?) AND orphaned_at IS NULL")) {
            ps.setLong(1, locationId);
            ps.setArray(2, c.createArrayOf("text", paths.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    public int countByLocation(long locationId) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM entities WHERE location_id = ? AND orphaned_at IS NULL")) {
            ps.setLong(1, locationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Which of {@code refs} exist. */
    public Set<String> existing(Collection<String> refs) {
        Set<String> out = new HashSet<>();
        if (refs.isEmpty()) {
            return out;
        }
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT ref FROM entities WHERE ref = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("text", refs.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    public void upsert(List<EntityRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        String sql = """
                INSERT INTO entities (ref, uid, kind, namespace, name, body, owner_ref, lifecycle, type, system_ref, tags,
                                      search, location_id, location_path, orphaned_at, generation, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?,
                        setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B')
                          || setweight(to_tsvector('simple', ?), 'C'),
                        ?, ?, NULL, ?, now(), now())
                ON CONFLICT (ref) DO UPDATE SET
                  kind = excluded.kind, namespace = excluded.namespace, name = excluded.name, body = excluded.body,
                  owner_ref = excluded.owner_ref, lifecycle = excluded.lifecycle, type = excluded.type,
                  system_ref = excluded.system_ref, tags = excluded.tags, search = excluded.search,
                  location_id = excluded.location_id, location_path = excluded.location_path, orphaned_at = NULL,
                  generation = excluded.generation, updated_at = now()
                """;
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            int n = 0;
            for (EntityRow r : rows) {
                int i = 1;
                ps.setString(i++, r.ref());
                ps.setObject(i++, r.uid());
                ps.setString(i++, r.kind());
                ps.setString(i++, r.namespace());
                ps.setString(i++, r.name());
                ps.setString(i++, r.bodyJson());
                ps.setString(i++, r.ownerRef());
                ps.setString(i++, r.lifecycle());
                ps.setString(i++, r.type());
                ps.setString(i++, r.systemRef());
                ps.setArray(i++, c.createArrayOf("text", r.tags().toArray()));
                ps.setString(i++, r.searchPrimary());
                ps.setString(i++, r.searchSecondary());
                ps.setString(i++, r.searchTertiary());
                if (r.locationId() == null) {
                    ps.setNull(i++, Types.BIGINT);
                } else {
                    ps.setLong(i++, r.locationId());
                }
                ps.setString(i++, r.locationPath());
                ps.setLong(i, r.generation());
                ps.addBatch();
                if (++n % 500 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Replaces every relation declared by {@code origins} with {@code relations} (keyed by origin ref). */
    public void replaceRelations(Collection<String> origins, Map<String, List<Relation>> relations) {
        if (origins.isEmpty()) {
            return;
        }
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM relations WHERE origin_ref = ANY(?)")) {
                del.setArray(1, c.createArrayOf("text", origins.toArray()));
                del.executeUpdate();
            }
            // One statement over arrays: a 10k-entity import writes ~100k relation rows.
            List<String> origin = new ArrayList<>();
            List<String> source = new ArrayList<>();
            List<String> type = new ArrayList<>();
            List<String> target = new ArrayList<>();
            for (var e : relations.entrySet()) {
                for (Relation r : e.getValue()) {
                    origin.add(e.getKey());
                    source.add(r.source().toString());
                    type.add(r.type());
                    target.add(r.target().toString());
                }
            }
            if (!origin.isEmpty()) {
                try (PreparedStatement ins =
                        c.prepareStatement("INSERT INTO relations (origin_ref, source_ref, type, target_ref) "
                                + "SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[])")) {
                    ins.setArray(1, c.createArrayOf("text", origin.toArray()));
                    ins.setArray(2, c.createArrayOf("text", source.toArray()));
                    ins.setArray(3, c.createArrayOf("text", type.toArray()));
                    ins.setArray(4, c.createArrayOf("text", target.toArray()));
                    ins.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public void delete(Collection<String> refs) {
        if (refs.isEmpty()) {
            return;
        }
        try (Connection c = ds.getConnection()) {
            Array a = c.createArrayOf("text", refs.toArray());
            for (String sql : List.of(
                    "DELETE FROM relations WHERE origin_ref = ANY(?)",
                    "DELETE FROM scorecard_results WHERE entity_ref = ANY(?)",
                    "DELETE FROM entities WHERE ref = ANY(?)")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setArray(1, a);
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Marks entities as orphans (body already annotated by the caller). */
    public void markOrphaned(Map<String, String> refToBody, Instant at) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE entities SET orphaned_at = ?, body = ?::jsonb, generation = generation + 1, updated_at = now() WHERE ref = ?")) {
            for (var e : refToBody.entrySet()) {
                ps.setTimestamp(1, Timestamp.from(at));
                ps.setString(2, e.getValue());
                ps.setString(3, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Orphans whose grace period ended before {@code cutoff}, locked and skipped by other replicas. */
    public List<StoredEntity> lockExpiredOrphans(Instant cutoff, int limit) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT " + COLUMNS
                                + " FROM entities WHERE orphaned_at IS NOT NULL AND orphaned_at < ? ORDER BY ref LIMIT ? FOR UPDATE SKIP LOCKED")) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            ps.setInt(2, limit);
            return readAll(ps);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * One page of the filtered list in ref order, starting after {@code afterRef}, rendered for the API (see
     * {@link #render}). Keyset pagination: the cost of a page does not grow with its depth, and concurrent inserts do
     * not shift pages.
     */
    public List<Rendered> list(EntityFilter f, String afterRef, int limit) {
        StringBuilder sql = new StringBuilder("SELECT e.ref, " + render(false) + " FROM entities e WHERE true");
        List<Object> params = new ArrayList<>();
        params.add(DEFAULT_NAMESPACE);
        addEq(sql, params, "kind", f.kind());
        addEq(sql, params, "namespace", f.namespace());
        addEq(sql, params, "owner_ref", f.ownerRef());
        addEq(sql, params, "lifecycle", f.lifecycle());
        addEq(sql, params, "system_ref", f.systemRef());
        addEq(sql, params, "type", f.type());
        if (f.orphaned() != null) {
            sql.append(f.orphaned() ? " AND orphaned_at IS NOT NULL" : " AND orphaned_at IS NULL");
        }
        if (f.tag() != null) {
            sql.append(" AND tags @> ARRAY[?]::text[]");
            params.add(f.tag());
        }
        String tsQuery = toTsQuery(f.query());
        if (tsQuery != null) {
            sql.append(" AND search @@ to_tsquery('simple', ?)");
            params.add(tsQuery);
        }
        if (afterRef != null) {
            sql.append(" AND ref > ?");
            params.add(afterRef);
        }
        sql.append(" ORDER BY ref LIMIT ?");
        params.add(limit);
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            List<Rendered> out = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Rendered(rs.getString(1), rs.getString(2)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static void addEq(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    /**
     * Every word of the user's query must match as a prefix ({@code check pay} finds {@code checkout-payments}).
     * Words are reduced to letters and digits, so no user input reaches tsquery syntax.
     */
    static String toTsQuery(String q) {
        if (q == null) {
            return null;
        }
        List<String> terms = new ArrayList<>();
        for (String w : q.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                terms.add(w + ":*");
            }
        }
        return terms.isEmpty() ? null : String.join(" & ", terms);
    }

    /** Relations whose source is {@code ref}, with whether the target exists. */
    public List<RelationView> relationsOf(String ref) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                SELECT DISTINCT r.type, r.target_ref, EXISTS (SELECT 1 FROM entities e WHERE e.ref = r.target_ref)
                FROM relations r WHERE r.source_ref = ? ORDER BY r.type, r.target_ref""")) {
            ps.setString(1, ref);
            List<RelationView> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RelationView(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public record RelationView(String type, String targetRef, boolean resolved) {}

    /** Whether {@code userRef} is a direct member of {@code groupRef} (declared on either side). */
    public boolean isMember(String userRef, String groupRef) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT 1 FROM relations WHERE source_ref = ? AND type = 'memberOf' AND target_ref = ? LIMIT 1")) {
            ps.setString(1, userRef);
            ps.setString(2, groupRef);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * Breadth-first walk over relations of the given types from {@code root}, up to {@code depth} hops.
     * Returns each reached ref with its shortest distance.
     */
    public Map<String, Integer> walk(String root, List<String> types, int depth) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                WITH RECURSIVE walk(ref, depth) AS (
                  SELECT ?::text, 0
                  UNION
                  SELECT r.target_ref, w.depth + 1 FROM walk w
                    JOIN relations r ON r.source_ref = w.ref AND r.type = ANY(?)
                  WHERE w.depth < ?
                )
                SELECT ref, min(depth) FROM walk GROUP BY ref""")) {
            ps.setString(1, root);
            ps.setArray(2, c.createArrayOf("text", types.toArray()));
            ps.setInt(3, depth);
            Map<String, Integer> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public List<Relation> edgesBetween(Collection<String> refs, List<String> types) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                SELECT DISTINCT source_ref, type, target_ref FROM relations
                WHERE source_ref = ANY(?) AND target_ref = ANY(?) AND type = ANY(?)
                ORDER BY source_ref, type, target_ref""")) {
            Array a = c.createArrayOf("text", refs.toArray());
            ps.setArray(1, a);
            ps.setArray(2, a);
            ps.setArray(3, c.createArrayOf("text", types.toArray()));
            List<Relation> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Relation(
                            dev.verdict.catalog.entity.model.EntityRef.parse(rs.getString(1)),
                            rs.getString(2),
                            dev.verdict.catalog.entity.model.EntityRef.parse(rs.getString(3))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private List<StoredEntity> query(String sql, String param) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            return readAll(ps);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private List<StoredEntity> readAll(PreparedStatement ps) throws SQLException {
        List<StoredEntity> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(read(rs));
            }
        }
        return out;
    }

    private StoredEntity read(ResultSet rs) throws SQLException {
        try {
            Timestamp orphaned = rs.getTimestamp(8);
            long loc = rs.getLong(5);
            Long locationId = rs.wasNull() ? null : loc;
            return new StoredEntity(
                    rs.getString(1),
                    rs.getObject(2, UUID.class),
                    (ObjectNode) json.readTree(rs.getString(3)),
                    rs.getString(4),
                    locationId,
                    rs.getString(6),
                    rs.getLong(7),
                    orphaned == null ? null : orphaned.toInstant());
        } catch (JsonProcessingException e) {
            throw new StoreException(new SQLException("stored body is not JSON", e));
        }
    }

    /** A database failure; surfaces as a 500 (it is never the client's fault). */
    public static class StoreException extends RuntimeException {
        public StoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
