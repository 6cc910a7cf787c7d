package dev.verdict.catalog.history.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.catalog.history.model.ChangeKind;
import dev.verdict.persistence.Jdbc;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import org.hibernate.jpa.HibernateHints;

/**
 * Append-only change log of entities: who or which location changed what, when, as a JSON diff. Appended in JDBC
 * batches (an import of 10,000 entities writes 10,000 rows, docs/performance.md); read through
 * {@link EntityHistoryEntity}.
 */
@ApplicationScoped
public class HistoryStore {

    /** One change to record. */
    public record Change(String entityRef, ChangeKind change, String actor, Long locationId, JsonNode diff) {}

    /** One recorded change. */
    public record Entry(
            long id, String entityRef, ChangeKind change, String actor, Long locationId, Instant at, JsonNode diff) {}

    private final Jdbc jdbc;
    private final ObjectMapper json;

    public HistoryStore(Jdbc jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void append(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        jdbc.run("append entity history", c -> {
            try (var ps = c.prepareStatement("INSERT INTO entity_history (entity_ref, change, actor, location_id, diff)"
                    + " VALUES (?, ?, ?, ?, ?::jsonb)")) {
                int n = 0;
                for (Change ch : changes) {
                    ps.setString(1, ch.entityRef());
                    ps.setString(2, ch.change().label());
                    ps.setString(3, ch.actor());
                    if (ch.locationId() == null) {
                        ps.setNull(4, Types.BIGINT);
                    } else {
                        ps.setLong(4, ch.locationId());
                    }
                    ps.setString(5, write(ch.diff()));
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

    /** Newest first; {@code beforeId} continues a previous page. */
    public List<Entry> list(String entityRef, Long beforeId, int limit) {
        return EntityHistoryEntity.<EntityHistoryEntity>find(
                        "entityRef = ?1 and id < ?2",
                        Sort.descending("id"),
                        entityRef,
                        beforeId == null ? Long.MAX_VALUE : beforeId)
                .page(0, limit)
                .withHint(HibernateHints.HINT_READ_ONLY, true)
                .list()
                .stream()
                .map(h -> new Entry(h.id, h.entityRef, h.change, h.actor, h.locationId, h.at, read(h.diff)))
                .toList();
    }

    private String write(JsonNode diff) {
        try {
            return json.writeValueAsString(diff);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode read(String diff) {
        try {
            return json.readTree(diff);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
