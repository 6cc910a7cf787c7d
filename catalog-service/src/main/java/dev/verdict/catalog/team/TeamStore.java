package dev.verdict.catalog.team;

import dev.verdict.catalog.entity.store.EntityStore.StoreException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Reads the catalog's teams: every Group entity with the user names of its direct members. */
@ApplicationScoped
public class TeamStore {

    private final AgroalDataSource ds;

    public TeamStore(AgroalDataSource ds) {
        this.ds = ds;
    }

    /** Group ref -> member user refs (both sides of the membership count: Group.members and User.memberOf). */
    public Map<String, java.util.SortedSet<String>> teams() {
        Map<String, java.util.SortedSet<String>> out = new TreeMap<>();
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT ref FROM entities WHERE kind = 'group'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new TreeSet<>());
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT source_ref, target_ref FROM relations WHERE type = 'hasMember' AND source_ref LIKE 'group:%'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    var members = out.get(rs.getString(1));
                    if (members != null) {
                        members.add(rs.getString(2));
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }
}
