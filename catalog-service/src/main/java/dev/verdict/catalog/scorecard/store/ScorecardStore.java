package dev.verdict.catalog.scorecard.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.catalog.scorecard.model.ScorecardResult;
import dev.verdict.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Latest scorecard result per entity: upserted in JDBC batches (every entity an import touches is scored,
 * docs/performance.md), read through {@link ScorecardResultEntity}.
 */
@ApplicationScoped
public class ScorecardStore {

    public record Stored(ScorecardResult result, Instant computedAt) {}

    private final Jdbc jdbc;
    private final ObjectMapper json;

    public ScorecardStore(Jdbc jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void save(Map<String, ScorecardResult> results) {
        if (results.isEmpty()) {
            return;
        }
        jdbc.run("save scorecard results", c -> {
            try (var ps = c.prepareStatement("""
                    INSERT INTO scorecard_results (entity_ref, level, result, computed_at) VALUES (?, ?, ?::jsonb, now())
                    ON CONFLICT (entity_ref) DO UPDATE SET level = excluded.level, result = excluded.result,
                      computed_at = excluded.computed_at""")) {
                int n = 0;
                for (var e : results.entrySet()) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, e.getValue().level());
                    ps.setString(3, write(e.getValue()));
                    ps.addBatch();
                    if (++n % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    public Optional<Stored> find(String entityRef) {
        return ScorecardResultEntity.<ScorecardResultEntity>findByIdOptional(entityRef)
                .map(r -> new Stored(read(r.result), r.computedAt));
    }

    private String write(ScorecardResult r) {
        try {
            return json.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ScorecardResult read(String text) {
        try {
            return json.readValue(text, ScorecardResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
