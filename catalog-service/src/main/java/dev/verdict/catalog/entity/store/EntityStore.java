package dev.verdict.catalog.entity.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
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
 * The {@code entities} table, through {@link Jdbc} rather than Panache (ADR-0001's bulk-path exception): the catalog
 * is JSONB documents, arrays and a tsvector written by batched upserts on the measured import path, and API reads are
 * JSON rendered by PostgreSQL. Relations and the graph are {@code RelationStore}'s. Callers provide the transaction.
 */
@ApplicationScoped
public class EntityStore {

    private static final String COLUMNS =
            "ref, uid, body::text, owner_ref, location_id, location_path, generation, orphaned_at";
    private static final String DEFAULT_NAMESPACE = dev.verdict.catalog.entity.model.EntityRef.DEFAULT_NAMESPACE;

    private final Jdbc jdbc;
    private final ObjectMapper json;

    public EntityStore(Jdbc jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<StoredEntity> find(String ref) {
        return jdbc.one("SELECT " + COLUMNS + " FROM entities WHERE ref = ?", ps -> ps.setString(1, ref), this::read);
    }

    /**
     * The JSON an API read returns for entity row {@code e}, built by PostgreSQL from the stored JSONB so the service
     * neither parses nor re-serializes it (the read endpoints' hot path): the descriptor plus {@code metadata.namespace}
     * (default when absent), {@code metadata.uid}, {@code metadata.generation}, {@code status} (location, orphan
     * time and warnings, when there are any) and, for a single entity, {@code relations} with whether each target exists. Keys come
     * out in JSONB's order (shorter keys first), which JSON readers do not care about. {@code orphanedAt} is written
     * like {@link Instant#toString()}.
     */
    static String render(boolean withRelations) {
        return """
                (e.body
                  || jsonb_build_object('metadata', coalesce(e.body->'metadata', '{}'::jsonb) || jsonb_build_object(
                       'namespace', coalesce(nullif(e.body->'metadata'->'namespace', 'null'::jsonb), to_jsonb(?::text)),
                       'uid', e.uid, 'generation', e.generation))
                  || CASE WHEN e.location_id IS NULL AND e.orphaned_at IS NULL AND e.warnings IS NULL THEN '{}'::jsonb
                     ELSE jsonb_build_object('status',
                       CASE WHEN e.location_id IS NULL THEN '{}'::jsonb
                            ELSE jsonb_build_object('locationId', e.location_id, 'locationPath', e.location_path) END
                       || CASE WHEN e.orphaned_at IS NULL THEN '{}'::jsonb
                            ELSE jsonb_build_object('orphanedAt', to_char(e.orphaned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
                              || CASE WHEN extract(microseconds FROM e.orphaned_at)::bigint % 1000000 = 0 THEN ''
                                      WHEN extract(microseconds FROM e.orphaned_at)::bigint % 1000 = 0
                                        THEN to_char(e.orphaned_at AT TIME ZONE 'UTC', '.MS')
                                      ELSE to_char(e.orphaned_at AT TIME ZONE 'UTC', '.US') END || 'Z') END
                       || CASE WHEN e.warnings IS NULL THEN '{}'::jsonb
                            ELSE jsonb_build_object('warnings', e.warnings) END) END
                """ + (withRelations ? """
                  || jsonb_build_object('relations', (SELECT coalesce(jsonb_agg(jsonb_build_object('type', r.type,
                       'targetRef', r.target_ref, 'resolved', EXISTS (SELECT 1 FROM entities t WHERE t.ref = r.target_ref))
                       ORDER BY r.type, r.target_ref), '[]'::jsonb)
                     FROM (SELECT DISTINCT type, target_ref FROM relations WHERE source_ref = e.ref) r))
                """ : "") + ")::text";
    }

    /** One entity rendered for the API with its relations, in one statement (get-by-ref). */
    public Optional<String> findRendered(String ref) {
        return jdbc.one(
                "SELECT " + render(true) + " FROM entities e WHERE e.ref = ?",
                ps -> {
                    ps.setString(1, DEFAULT_NAMESPACE);
                    ps.setString(2, ref);
                },
                rs -> rs.getString(1));
    }

    /** A rendered list item and its ref (the keyset cursor). */
    public record Rendered(String ref, String json) {}

    /** Reads and locks the rows of {@code refs} that exist, so concurrent writers of the same entity serialize. */
    public Map<String, StoredEntity> lockExisting(Collection<String> refs) {
        Map<String, StoredEntity> out = new HashMap<>();
        if (refs.isEmpty()) {
            return out;
        }
        for (StoredEntity e : jdbc.list(
                "SELECT " + COLUMNS + " FROM entities WHERE ref = ANY(?) ORDER BY ref FOR UPDATE",
                ps -> ps.setArray(1, Jdbc.array(ps, "text", refs)),
                this::read)) {
            out.put(e.ref(), e);
        }
        return out;
    }

    /**
     * Locks the rows of {@code refs} that exist, like {@link #lockExisting}, but reads only what deciding a write
     * needs, not the bodies: a refresh of 10,000 files locks them all and then reads the bodies a batch at a time
     * ({@link #findAll}), so it never holds 10,000 previous bodies at once.
     */
    public Map<String, EntityHead> lockHeads(Collection<String> refs) {
        Map<String, EntityHead> out = new HashMap<>();
        if (refs.isEmpty()) {
            return out;
        }
        for (EntityHead h : jdbc.list(
                "SELECT ref, location_id, location_path, orphaned_at FROM entities WHERE ref = ANY(?) ORDER BY ref"
                        + " FOR UPDATE",
                ps -> ps.setArray(1, Jdbc.array(ps, "text", refs)),
                rs -> {
                    long loc = rs.getLong(2);
                    Long locationId = rs.wasNull() ? null : loc;
                    Timestamp orphaned = rs.getTimestamp(4);
                    return new EntityHead(
                            rs.getString(1),
                            locationId,
                            rs.getString(3),
                            orphaned == null ? null : orphaned.toInstant());
                })) {
            out.put(h.ref(), h);
        }
        return out;
    }

    /** The rows of {@code refs} that exist, without locking them: for rows the caller has locked already. */
    public Map<String, StoredEntity> findAll(Collection<String> refs) {
        Map<String, StoredEntity> out = new HashMap<>();
        if (refs.isEmpty()) {
            return out;
        }
        for (StoredEntity e : jdbc.list(
                "SELECT " + COLUMNS + " FROM entities WHERE ref = ANY(?)",
                ps -> ps.setArray(1, Jdbc.array(ps, "text", refs)),
                this::read)) {
            out.put(e.ref(), e);
        }
        return out;
    }

    /** Refs of the non-orphaned entities of a location. */
    public List<String> activeRefsByLocation(long locationId) {
        return jdbc.list(
                "SELECT ref FROM entities WHERE location_id = ? AND orphaned_at IS NULL ORDER BY ref",
                ps -> ps.setLong(1, locationId),
                rs -> rs.getString(1));
    }

    /** The distinct owners of a location's non-orphaned entities; "" stands for entities without an owner. */
    public List<String> activeOwnersByLocation(long locationId) {
        return jdbc.list(
                "SELECT DISTINCT coalesce(owner_ref, '') FROM entities WHERE location_id = ? AND orphaned_at IS NULL"
                        + " ORDER BY 1",
                ps -> ps.setLong(1, locationId),
                rs -> rs.getString(1));
    }

    public List<StoredEntity> ownedBy(Collection<String> ownerRefs) {
        return ownedBy(ownerRefs, List.of());
    }

    /** Entities owned by any of {@code ownerRefs}, except those in {@code excluded}. */
    public List<StoredEntity> ownedBy(Collection<String> ownerRefs, Collection<String> excluded) {
        if (ownerRefs.isEmpty()) {
            return List.of();
        }
        return jdbc.list(
                "SELECT " + COLUMNS + " FROM entities WHERE owner_ref = ANY(?) AND NOT (ref = ANY(?))",
                ps -> {
                    ps.setArray(1, Jdbc.array(ps, "text", ownerRefs));
                    ps.setArray(2, Jdbc.array(ps, "text", excluded));
                },
                this::read);
    }

    /** Refs of the non-orphaned entities a location provides from the given files. */
    public List<String> activeRefsByLocation(long locationId, Collection<String> paths) {
        if (paths.isEmpty()) {
            return new ArrayList<>();
        }
        return jdbc.list(
                "SELECT ref FROM entities WHERE location_id = ? AND location_path = ANY(?) AND orphaned_at IS NULL",
                ps -> {
                    ps.setLong(1, locationId);
                    ps.setArray(2, Jdbc.array(ps, "text", paths));
                },
                rs -> rs.getString(1));
    }

    public int countByLocation(long locationId) {
        return jdbc.one(
                        "SELECT count(*) FROM entities WHERE location_id = ? AND orphaned_at IS NULL",
                        ps -> ps.setLong(1, locationId),
                        rs -> rs.getInt(1))
                .orElseThrow();
    }

    /** Which of {@code refs} exist. */
    public Set<String> existing(Collection<String> refs) {
        if (refs.isEmpty()) {
            return new HashSet<>();
        }
        return new HashSet<>(jdbc.list(
                "SELECT ref FROM entities WHERE ref = ANY(?)",
                ps -> ps.setArray(1, Jdbc.array(ps, "text", refs)),
                rs -> rs.getString(1)));
    }

    public void upsert(List<EntityRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        String sql = """
                INSERT INTO entities (ref, uid, kind, namespace, name, body, owner_ref, lifecycle, type, system_ref, tags,
                                      search, location_id, location_path, orphaned_at, generation, warnings,
                                      created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?,
                        setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B')
                          || setweight(to_tsvector('simple', ?), 'C'),
                        ?, ?, NULL, ?, ?::jsonb, now(), now())
                ON CONFLICT (ref) DO UPDATE SET
                  kind = excluded.kind, namespace = excluded.namespace, name = excluded.name, body = excluded.body,
                  owner_ref = excluded.owner_ref, lifecycle = excluded.lifecycle, type = excluded.type,
                  system_ref = excluded.system_ref, tags = excluded.tags, search = excluded.search,
                  location_id = excluded.location_id, location_path = excluded.location_path, orphaned_at = NULL,
                  generation = excluded.generation, warnings = excluded.warnings, updated_at = now()
                """;
        jdbc.run("upserting " + rows.size() + " entities", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
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
                    ps.setLong(i++, r.generation());
                    ps.setString(i, r.warningsJson());
                    ps.addBatch();
                    if (++n % 500 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    public void delete(Collection<String> refs) {
        if (refs.isEmpty()) {
            return;
        }
        // an entity's own rows go with it: the relations it declared and its scorecard results
        for (String sql : List.of(
                "DELETE FROM relations WHERE origin_ref = ANY(?)",
                "DELETE FROM scorecard_results WHERE entity_ref = ANY(?)",
                "DELETE FROM entities WHERE ref = ANY(?)")) {
            jdbc.update(sql, ps -> ps.setArray(1, Jdbc.array(ps, "text", refs)));
        }
    }

    /** Marks entities as orphans (body already annotated by the caller). */
    public void markOrphaned(Map<String, String> refToBody, Instant at) {
        jdbc.run("marking " + refToBody.size() + " entities orphaned", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE entities SET orphaned_at = ?, body = ?::jsonb, generation = generation + 1,"
                            + " updated_at = now() WHERE ref = ?")) {
                for (var e : refToBody.entrySet()) {
                    ps.setTimestamp(1, Timestamp.from(at));
                    ps.setString(2, e.getValue());
                    ps.setString(3, e.getKey());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    /** Orphans whose grace period ended before {@code cutoff}, locked and skipped by other replicas. */
    public List<StoredEntity> lockExpiredOrphans(Instant cutoff, int limit) {
        return jdbc.list(
                "SELECT " + COLUMNS + " FROM entities WHERE orphaned_at IS NOT NULL AND orphaned_at < ?"
                        + " ORDER BY ref LIMIT ? FOR UPDATE SKIP LOCKED",
                ps -> {
                    ps.setTimestamp(1, Timestamp.from(cutoff));
                    ps.setInt(2, limit);
                },
                this::read);
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
        return jdbc.list(
                sql.toString(),
                ps -> {
                    for (int i = 0; i < params.size(); i++) {
                        ps.setObject(i + 1, params.get(i));
                    }
                },
                rs -> new Rendered(rs.getString(1), rs.getString(2)));
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
            throw new IllegalStateException("the stored body of " + rs.getString(1) + " is not JSON", e);
        }
    }
}
