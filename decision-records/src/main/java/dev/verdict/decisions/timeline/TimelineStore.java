package dev.verdict.decisions.timeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.decisions.decision.model.DecisionNumber;
import dev.verdict.decisions.evidence.store.CopyRows;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Appends to and pages through a decision's timeline (append-only). */
@ApplicationScoped
public class TimelineStore {

    @Inject
    AgroalDataSource ds;

    @Inject
    ObjectMapper json;

    public void append(DecisionNumber n, Instant at, String actor, String kind, String summary,
            Map<String, Object> detail) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into timeline_entry (decision_number, at, actor, kind, summary, detail)"
                        + " values (?, ?, ?, ?, ?, ?::jsonb)")) {
            ps.setInt(1, n.value());
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setString(3, actor);
            ps.setString(4, kind);
            ps.setString(5, summary);
            ps.setString(6, detail == null ? null : json.writeValueAsString(detail));
            ps.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A timeline entry to insert in a batch. */
    public record NewEntry(DecisionNumber decision, Instant at, String actor, String kind, String summary,
            Map<String, Object> detail) {
    }

    /** Appends many entries with one {@code COPY} (the evidence consumer's batches). */
    public void appendAll(List<NewEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try (Connection c = ds.getConnection()) {
            CopyRows rows = new CopyRows();
            for (NewEntry e : entries) {
                rows.value(e.decision().value()).time(e.at()).text(e.actor()).text(e.kind()).text(e.summary())
                        .text(e.detail() == null ? null : json.writeValueAsString(e.detail())).endRow();
            }
            rows.copyInto(c, "copy timeline_entry (decision_number, at, actor, kind, summary, detail) from stdin");
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Entries after id {@code after} in order (keyset), at most {@code limit}. */
    public List<TimelineEntry> page(DecisionNumber n, long after, int limit) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select id, at, actor, kind, summary, detail from timeline_entry where decision_number = ? and id > ?"
                        + " order by id limit ?")) {
            ps.setInt(1, n.value());
            ps.setLong(2, after);
            ps.setInt(3, limit);
            List<TimelineEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String d = rs.getString(6);
                    out.add(new TimelineEntry(rs.getLong(1), n.toString(), rs.getTimestamp(2).toInstant(),
                            rs.getString(3), rs.getString(4), rs.getString(5),
                            d == null ? null : json.readValue(d, new TypeReference<Map<String, Object>>() { })));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
