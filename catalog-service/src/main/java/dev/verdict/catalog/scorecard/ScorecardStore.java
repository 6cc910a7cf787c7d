package dev.verdict.catalog.scorecard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.catalog.entity.store.EntityStore.StoreException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Latest scorecard result per entity. */
@ApplicationScoped
public class ScorecardStore {

    public record Stored(ScorecardResult result, Instant computedAt) {
    }

    private final AgroalDataSource ds;
    private final ObjectMapper json;

    public ScorecardStore(AgroalDataSource ds, ObjectMapper json) {
        this.ds = ds;
        this.json = json;
    }

    public void save(Map<String, ScorecardResult> results) {
        if (results.isEmpty()) {
            return;
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO scorecard_results (entity_ref, level, result, computed_at) VALUES (?, ?, ?::jsonb, now())
                ON CONFLICT (entity_ref) DO UPDATE SET level = excluded.level, result = excluded.result,
                  computed_at = excluded.computed_at""")) {
            int n = 0;
            for (var e : results.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setString(2, e.getValue().level());
                ps.setString(3, json.writeValueAsString(e.getValue()));
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

    public Optional<Stored> find(String entityRef) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT result::text, computed_at FROM scorecard_results WHERE entity_ref = ?")) {
            ps.setString(1, entityRef);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Stored(json.readValue(rs.getString(1), ScorecardResult.class),
                        rs.getTimestamp(2).toInstant()));
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
