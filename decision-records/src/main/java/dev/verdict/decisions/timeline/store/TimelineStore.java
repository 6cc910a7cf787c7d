package dev.verdict.decisions.timeline.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.decisions.timeline.model.TimelineEntry;
import dev.verdict.decisions.timeline.model.TimelineKind;
import dev.verdict.persistence.CopyRows;
import dev.verdict.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Appends to and pages through a decision's timeline (append-only). Single entries go through the Panache entity; the
 * evidence consumer's batches (one {@code COPY}) and the page read go through {@link Jdbc}, both measured paths
 * (docs/performance.md). Callers run inside a transaction.
 */
@ApplicationScoped
public class TimelineStore {

    private final Jdbc jdbc;
    private final ObjectMapper json;

    public TimelineStore(Jdbc jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void append(
            DecisionNumber n, Instant at, String actor, TimelineKind kind, String summary, Map<String, Object> detail) {
        TimelineEntryEntity e = new TimelineEntryEntity();
        e.decisionNumber = n.value();
        e.at = at;
        e.actor = actor;
        e.kind = kind;
        e.summary = summary;
        e.detail = detail == null ? null : write(detail);
        e.persist();
    }

    /** A timeline entry to insert in a batch. */
    public record NewEntry(
            DecisionNumber decision,
            Instant at,
            String actor,
            TimelineKind kind,
            String summary,
            Map<String, Object> detail) {}

    /** Appends many entries with one {@code COPY} (the evidence consumer's batches). */
    public void appendAll(List<NewEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        CopyRows rows = new CopyRows();
        for (NewEntry e : entries) {
            rows.value(e.decision().value())
                    .time(e.at())
                    .text(e.actor())
                    .text(e.kind().label())
                    .text(e.summary())
                    .text(e.detail() == null ? null : write(e.detail()))
                    .endRow();
        }
        jdbc.copy("copy timeline_entry (decision_number, at, actor, kind, summary, detail) from stdin", rows);
    }

    /**
     * Entries after id {@code after} in order (keyset), at most {@code limit}. Read through {@link Jdbc}, not the
     * entity: a page of 100 through Hibernate cost 1.25x at p50 (docs/performance.md, ADR-0001's
     * {@code timeline-read-p99}), and the rows are never changed.
     */
    public List<TimelineEntry> page(DecisionNumber n, long after, int limit) {
        String decision = n.toString();
        return jdbc.list(
                "select id, at, actor, kind, summary, detail from timeline_entry where decision_number = ? and id > ?"
                        + " order by id limit ?",
                ps -> {
                    ps.setInt(1, n.value());
                    ps.setLong(2, after);
                    ps.setInt(3, limit);
                },
                rs -> new TimelineEntry(
                        rs.getLong(1),
                        decision,
                        rs.getTimestamp(2).toInstant(),
                        rs.getString(3),
                        TimelineKind.ofLabel(rs.getString(4)),
                        rs.getString(5),
                        read(rs.getString(6))));
    }

    private String write(Map<String, Object> detail) {
        try {
            return json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> read(String detail) {
        try {
            return detail == null ? null : json.readValue(detail, new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
