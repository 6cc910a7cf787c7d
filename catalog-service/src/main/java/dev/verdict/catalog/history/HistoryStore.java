package dev.verdict.catalog.history;

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
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Append-only change log of entities: who or which location changed what, when, as a JSON diff. */
@ApplicationScoped
public class HistoryStore {

    /** One change to record. */
    public record Change(String entityRef, String change, String actor, Long locationId, JsonNode diff) {
    }

    /** One recorded change. */
    public record Entry(long id, String entityRef, String change, String actor, Long locationId, Instant at, JsonNode diff) {
    }

    private final AgroalDataSource ds;
    private final ObjectMapper json;

    public HistoryStore(AgroalDataSource ds, ObjectMapper json) {
        this.ds = ds;
        this.json = json;
    }

    public void append(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO entity_history (entity_ref, change, actor, location_id, diff) VALUES (?, ?, ?, ?, ?::jsonb)")) {
            int n = 0;
            for (Change ch : changes) {
                ps.setString(1, ch.entityRef());
                ps.setString(2, ch.change());
                ps.setString(3, ch.actor());
                if (ch.locationId() == null) {
                    ps.setNull(4, Types.BIGINT);
                } else {
                    ps.setLong(4, ch.locationId());
                }
                ps.setString(5, json.writeValueAsString(ch.diff()));
                ps.addBatch();
                if (++n % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new StoreException(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Newest first; {@code beforeId} continues a previous page. */
    public List<Entry> list(String entityRef, Long beforeId, int limit) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, entity_ref, change, actor, location_id, at, diff::text FROM entity_history "
                        + "WHERE entity_ref = ? AND id < ? ORDER BY id DESC LIMIT ?")) {
            ps.setString(1, entityRef);
            ps.setLong(2, beforeId == null ? Long.MAX_VALUE : beforeId);
            ps.setInt(3, limit);
            List<Entry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long loc = rs.getLong(5);
                    out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.wasNull() ? null : loc, rs.getTimestamp(6).toInstant(), json.readTree(rs.getString(7))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
