package dev.verdict.catalog.relation.store;

import dev.verdict.catalog.entity.model.EntityRef;
import dev.verdict.catalog.relation.model.Relation;
import dev.verdict.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code relations} table and the graph over it, through {@link Jdbc}: an import writes ~100k rows with one
 * {@code unnest} statement, and walks are recursive SQL. Rows belong to the entity that declared them (its
 * {@code origin_ref}); callers provide the transaction.
 */
@ApplicationScoped
public class RelationStore {

    /** A relation of one entity as the API shows it: its type, its target, and whether the target exists. */
    public record RelationView(String type, String targetRef, boolean resolved) {}

    private final Jdbc jdbc;

    public RelationStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces every relation declared by {@code origins} with {@code relations} (keyed by origin ref). */
    public void replaceRelations(Collection<String> origins, Map<String, List<Relation>> relations) {
        if (origins.isEmpty()) {
            return;
        }
        jdbc.update(
                "DELETE FROM relations WHERE origin_ref = ANY(?)",
                ps -> ps.setArray(1, Jdbc.array(ps, "text", origins)));
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
            jdbc.update(
                    "INSERT INTO relations (origin_ref, source_ref, type, target_ref) "
                            + "SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[])",
                    ps -> {
                        ps.setArray(1, Jdbc.array(ps, "text", origin));
                        ps.setArray(2, Jdbc.array(ps, "text", source));
                        ps.setArray(3, Jdbc.array(ps, "text", type));
                        ps.setArray(4, Jdbc.array(ps, "text", target));
                    });
        }
    }

    /** Relations whose source is {@code ref}, with whether the target exists. */
    public List<RelationView> relationsOf(String ref) {
        return jdbc.list(
                """
                SELECT DISTINCT r.type, r.target_ref, EXISTS (SELECT 1 FROM entities e WHERE e.ref = r.target_ref)
                FROM relations r WHERE r.source_ref = ? ORDER BY r.type, r.target_ref""",
                ps -> ps.setString(1, ref),
                rs -> new RelationView(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
    }

    /** Whether {@code userRef} is a direct member of {@code groupRef} (declared on either side). */
    public boolean isMember(String userRef, String groupRef) {
        return jdbc.one(
                        "SELECT 1 FROM relations WHERE source_ref = ? AND type = 'memberOf' AND target_ref = ? LIMIT 1",
                        ps -> {
                            ps.setString(1, userRef);
                            ps.setString(2, groupRef);
                        },
                        rs -> true)
                .isPresent();
    }

    /**
     * Breadth-first walk over relations of the given types from {@code root}, up to {@code depth} hops.
     * Returns each reached ref with its shortest distance.
     */
    public Map<String, Integer> walk(String root, List<String> types, int depth) {
        Map<String, Integer> out = new HashMap<>();
        jdbc.list(
                        """
                WITH RECURSIVE walk(ref, depth) AS (
                  SELECT ?::text, 0
                  UNION
                  SELECT r.target_ref, w.depth + 1 FROM walk w
                    JOIN relations r ON r.source_ref = w.ref AND r.type = ANY(?)
                  WHERE w.depth < ?
                )
                SELECT ref, min(depth) FROM walk GROUP BY ref""",
                        ps -> {
                            ps.setString(1, root);
                            ps.setArray(2, Jdbc.array(ps, "text", types));
                            ps.setInt(3, depth);
                        },
                        rs -> Map.entry(rs.getString(1), rs.getInt(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** The relations of the given types among {@code refs}, in (source, type, target) order. */
    public List<Relation> edgesBetween(Collection<String> refs, List<String> types) {
        return jdbc.list(
                """
                SELECT DISTINCT source_ref, type, target_ref FROM relations
                WHERE source_ref = ANY(?) AND target_ref = ANY(?) AND type = ANY(?)
                ORDER BY source_ref, type, target_ref""",
                ps -> {
                    Array a = Jdbc.array(ps, "text", refs);
                    ps.setArray(1, a);
                    ps.setArray(2, a);
                    ps.setArray(3, Jdbc.array(ps, "text", types));
                },
                rs -> new Relation(
                        EntityRef.parse(rs.getString(1)), rs.getString(2), EntityRef.parse(rs.getString(3))));
    }
}
