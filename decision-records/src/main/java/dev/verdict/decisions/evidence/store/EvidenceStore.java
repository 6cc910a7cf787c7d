package dev.verdict.decisions.evidence.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.verdict.decisions.criteria.evaluate.CriteriaEvaluator;
import dev.verdict.decisions.criteria.grammar.Criterion;
import dev.verdict.decisions.evidence.model.Evidence;
import dev.verdict.decisions.evidence.model.EvidenceDocument;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.persistence.CopyRows;
import dev.verdict.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Evidence (inserted and read, never updated), its links and attachments, through {@link Jdbc}: ingest is a measured
 * bulk path ({@code COPY}), and bodies are JSON documents read whole (ADR-0001).
 */
@ApplicationScoped
public class EvidenceStore {

    /** How many of the newest matching items per criterion the evaluator looks at. */
    public static final int PER_CRITERION = 100;

    private final Jdbc jdbc;
    private final ObjectMapper json;

    public EvidenceStore(Jdbc jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private static final String COLUMNS = "id, kind, subject, decision_ref, metric, comparison, observed_at,"
            + " recorded_at, supersedes, source_event_id, content_hash, body";
    private static final String INSERT =
            "insert into evidence (" + COLUMNS + ")" + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::json)";

    private volatile ObjectWriter bodyWriter;

    private String body(Evidence e) {
        ObjectWriter w = bodyWriter;
        if (w == null) {
            w = json.writerFor(EvidenceDocument.class);
            bodyWriter = w;
        }
        try {
            return w.writeValueAsString(EvidenceDocument.of(e));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("evidence " + e.id() + " cannot be written as JSON", ex);
        }
    }

    private void bind(PreparedStatement ps, Evidence e) throws SQLException {
        ps.setObject(1, e.id());
        ps.setString(2, e.kind().label());
        ps.setString(3, e.subject());
        ps.setObject(4, e.decision() == null ? null : e.decision().value());
        ps.setString(5, e.metric());
        ps.setString(6, e.comparison());
        ps.setTimestamp(7, Timestamp.from(e.observedAt()));
        ps.setTimestamp(8, Timestamp.from(e.recordedAt()));
        ps.setObject(9, e.supersedes());
        ps.setString(10, e.provenance().sourceEventId());
        ps.setString(11, e.contentHash());
        ps.setString(12, body(e));
    }

    /** Inserts the item; returns false (and stores nothing) if an item with its id exists. */
    public boolean insert(Evidence e) {
        return jdbc.update(INSERT + " on conflict (id) do nothing", ps -> bind(ps, e)) == 1;
    }

    /**
     * Inserts many new items with one {@code COPY} (the consumer path: it looked them up first, see
     * {@link #existing}). Fails on the primary key if one of them exists by now, rolling the caller's batch back.
     */
    public void insertAll(List<Evidence> items) {
        if (items.isEmpty()) {
            return;
        }
        CopyRows rows = new CopyRows();
        for (Evidence e : items) {
            rows.value(e.id())
                    .text(e.kind().label())
                    .text(e.subject())
                    .value(e.decision() == null ? null : e.decision().value())
                    .text(e.metric())
                    .text(e.comparison())
                    .time(e.observedAt())
                    .time(e.recordedAt())
                    .value(e.supersedes())
                    .text(e.provenance().sourceEventId())
                    .text(e.contentHash())
                    .text(body(e))
                    .endRow();
        }
        jdbc.copy("copy evidence (" + COLUMNS + ") from stdin", rows);
    }

    /** Which of {@code ids} are stored (one query). */
    public Set<UUID> existing(Collection<UUID> ids) {
        Set<UUID> found = new HashSet<>();
        if (ids.isEmpty()) {
            return found;
        }
        found.addAll(jdbc.list(
                "select id from evidence where id = any(?)",
                ps -> ps.setArray(1, Jdbc.array(ps, "uuid", ids)),
                rs -> rs.getObject(1, UUID.class)));
        return found;
    }

    /** A link to insert in a batch. */
    public record Link(Evidence evidence, DecisionNumber decision, String matchedBy) {}

    /** Inserts the links of new items with one {@code COPY}. */
    public void linkAll(List<Link> links) {
        if (links.isEmpty()) {
            return;
        }
        CopyRows rows = new CopyRows();
        for (Link l : links) {
            Evidence e = l.evidence();
            rows.value(e.id())
                    .value(l.decision().value())
                    .text(l.matchedBy())
                    .text(e.kind().label())
                    .text(e.metric())
                    .text(e.comparison())
                    .time(e.observedAt())
                    .endRow();
        }
        jdbc.copy(
                "copy evidence_link (evidence_id, decision_number, matched_by, kind, metric, comparison,"
                        + " observed_at) from stdin",
                rows);
    }

    public void link(Evidence e, DecisionNumber n, String matchedBy) {
        jdbc.update(
                "insert into evidence_link (evidence_id, decision_number, matched_by, kind, metric, comparison,"
                        + " observed_at) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
                ps -> {
                    ps.setObject(1, e.id());
                    ps.setInt(2, n.value());
                    ps.setString(3, matchedBy);
                    ps.setString(4, e.kind().label());
                    ps.setString(5, e.metric());
                    ps.setString(6, e.comparison());
                    ps.setTimestamp(7, Timestamp.from(e.observedAt()));
                });
    }

    public void attach(UUID evidence, String name, String mediaType, byte[] data, String sha256) {
        jdbc.update(
                "insert into evidence_attachment (evidence_id, name, media_type, size, sha256, data)"
                        + " values (?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setObject(1, evidence);
                    ps.setString(2, name);
                    ps.setString(3, mediaType);
                    ps.setLong(4, data.length);
                    ps.setString(5, sha256);
                    ps.setBytes(6, data);
                });
    }

    public record AttachmentData(String mediaType, byte[] data) {}

    public Optional<AttachmentData> attachment(UUID evidence, String name) {
        return jdbc.one(
                "select media_type, data from evidence_attachment where evidence_id = ? and name = ?",
                ps -> {
                    ps.setObject(1, evidence);
                    ps.setString(2, name);
                },
                rs -> new AttachmentData(rs.getString(1), rs.getBytes(2)));
    }

    public Optional<Evidence> find(UUID id) {
        return jdbc.one(
                "select body from evidence where id = ?", ps -> ps.setObject(1, id), rs -> read(rs.getString(1)));
    }

    public boolean exists(UUID id) {
        return jdbc.one("select 1 from evidence where id = ?", ps -> ps.setObject(1, id), rs -> true)
                .isPresent();
    }

    /** Keyset page of evidence, newest first by (recorded_at, id); filters optional. */
    public List<Evidence> list(
            DecisionNumber decision, String subject, String kind, Timestamp beforeAt, UUID beforeId, int limit) {
        StringBuilder sql = new StringBuilder(
                decision == null
                        ? "select e.body from evidence e where true"
                        : "select e.body from evidence e join evidence_link l on l.evidence_id = e.id where l.decision_number = ?");
        List<Object> args = new ArrayList<>();
        if (decision != null) {
            args.add(decision.value());
        }
        if (subject != null) {
            sql.append(" and e.subject = ?");
            args.add(subject);
        }
        if (kind != null) {
            sql.append(" and e.kind = ?");
            args.add(kind);
        }
        if (beforeAt != null) {
            sql.append(" and (e.recorded_at, e.id) < (?, ?)");
            args.add(beforeAt);
            args.add(beforeId);
        }
        sql.append(" order by e.recorded_at desc, e.id desc limit ?");
        args.add(limit);
        return jdbc.list(
                sql.toString(),
                ps -> {
                    for (int i = 0; i < args.size(); i++) {
                        ps.setObject(i + 1, args.get(i));
                    }
                },
                rs -> read(rs.getString(1)));
    }

    /**
     * What the evaluator needs for one decision: per criterion, the newest linked items of its kind and metric (and
     * comparison) that no other item supersedes, read page by page until a page holds an item the evaluator can use
     * (the deciding item is the newest usable one, so older items cannot change the result), at most
     * {@link #PER_CRITERION} * 10 per criterion.
     */
    public List<Evidence> forCriteria(DecisionNumber decision, List<Criterion> criteria) {
        List<Evidence> out = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        // one statement, re-bound per criterion and page
        return jdbc.run("reading evidence for the criteria of " + decision, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select e.id, e.body from evidence_link l join evidence e on e.id = l.evidence_id"
                            + " where l.decision_number = ? and l.kind = ? and l.metric = ?"
                            + " and (cast(? as text) is null or l.comparison = ?)"
                            + " and not exists (select 1 from evidence s where s.supersedes = e.id)"
                            + " order by l.observed_at desc, e.id desc offset ? limit ?")) {
                for (Criterion k : criteria) {
                    int offset = 0;
                    int limit = 4;
                    while (true) {
                        ps.setInt(1, decision.value());
                        ps.setString(2, k.kind().label());
                        ps.setString(3, k.metric());
                        ps.setString(4, k.comparison());
                        ps.setString(5, k.comparison());
                        ps.setInt(6, offset);
                        ps.setInt(7, limit);
                        int rows = 0;
                        boolean usable = false;
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                rows++;
                                Evidence e = read(rs.getString(2));
                                usable |= CriteriaEvaluator.usable(k, e);
                                if (seen.add((UUID) rs.getObject(1))) {
                                    out.add(e);
                                }
                            }
                        }
                        offset += rows;
                        if (usable || rows < limit || offset >= PER_CRITERION * 10) {
                            break;
                        }
                        limit = Math.min(limit * 4, PER_CRITERION * 10 - offset);
                    }
                }
                return out;
            }
        });
    }

    private Evidence read(String body) {
        try {
            return json.readValue(body, EvidenceDocument.class).toModel();
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored evidence is not readable", ex);
        }
    }
}
