package dev.verdict.catalog.team.store;

import dev.verdict.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the catalog's teams: every Group entity with the user names of its direct members. The entity and relation
 * tables are the catalog's bulk tables (JDBC, docs/performance.md), so this reads them the same way.
 */
@ApplicationScoped
public class TeamStore {

    private final Jdbc jdbc;

    public TeamStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Group ref -> member user refs (both sides of the membership count: Group.members and User.memberOf). */
    public Map<String, SortedSet<String>> teams() {
        Map<String, SortedSet<String>> out = new TreeMap<>();
        jdbc.list("SELECT ref FROM entities WHERE kind = 'group'", ps -> {}, rs -> rs.getString(1))
                .forEach(ref -> out.put(ref, new TreeSet<>()));
        jdbc.list(
                        "SELECT DISTINCT source_ref, target_ref FROM relations WHERE type = 'hasMember'"
                                + " AND source_ref LIKE 'group:%'",
                        ps -> {}, rs -> new String[] {rs.getString(1), rs.getString(2)})
                .forEach(m -> {
                    SortedSet<String> members = out.get(m[0]);
                    if (members != null) {
                        members.add(m[1]);
                    }
                });
        return out;
    }
}
