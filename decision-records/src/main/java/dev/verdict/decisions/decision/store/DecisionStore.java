package dev.verdict.decisions.decision.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.verdict.decisions.criteria.evaluate.EvidenceStatus;
import dev.verdict.decisions.criteria.grammar.Criterion;
import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.decision.model.DecisionNumber;
import dev.verdict.decisions.madr.DecisionMarkdown;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JDBC access to the decision tables. The canonical Markdown file is stored and parsed back on read, so the file in
 * git and the row can never disagree. Callers run inside a JTA transaction (the service layer).
 */
@ApplicationScoped
public class DecisionStore {

    private static final String COLUMNS = "number, slug, content, version, evidence_status, evidence_explanation,"
            + " evaluated_at, created_at, updated_at";

    @Inject
    AgroalDataSource ds;

    /** Serializes number allocation across replicas for the rest of the transaction. */
    public int nextNumber() {
        try (Connection c = ds.getConnection();
             PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(hashtext('decision-number'))");
             PreparedStatement max = c.prepareStatement("select coalesce(max(number), 0) + 1 from decision")) {
            lock.execute();
            try (ResultSet rs = max.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean exists(DecisionNumber n) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("select 1 from decision where number = ?")) {
            ps.setInt(1, n.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<DecisionRow> find(DecisionNumber n, boolean forUpdate) {
        String sql = "select " + COLUMNS + " from decision where number = ?" + (forUpdate ? " for update" : "");
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, n.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<DecisionRow> list(DecisionFilter f) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from decision where number > ?");
        List<Object> args = new ArrayList<>();
        args.add(f.after());
        if (f.status() != null) {
            sql.append(" and status = ?");
            args.add(f.status().label());
        }
        if (f.entity() != null) {
            sql.append(" and entities @> array[?]::text[]");
            args.add(f.entity());
        }
        if (f.tag() != null) {
            sql.append(" and tags @> array[?]::text[]");
            args.add(f.tag());
        }
        if (f.text() != null) {
            sql.append(" and search @@ plainto_tsquery('simple', ?)");
            args.add(f.text());
        }
        sql.append(" order by number limit ?");
        args.add(f.limit());
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<DecisionRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decision numbers in the first column of the statement's result. */
    private static List<DecisionNumber> numbers(PreparedStatement ps) throws SQLException {
        List<DecisionNumber> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(DecisionNumber.of(rs.getInt(1)));
            }
        }
        return out;
    }

    /** Numbers of every decision that declares criteria, after {@code after}, for batch re-evaluation. */
    public List<DecisionNumber> withCriteria(int after, int limit) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select distinct decision_number from decision_criterion where decision_number > ?"
                        + " order by decision_number limit ?")) {
            ps.setInt(1, after);
            ps.setInt(2, limit);
            return numbers(ps);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void insert(Decision d, String slug, String content, Instant now) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into decision (number, slug, title, status, decided_on, tags, entities, content, version,"
                        + " created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)")) {
            ps.setInt(1, d.number().value());
            ps.setString(2, slug);
            fill(c, ps, 3, d, content);
            ps.setTimestamp(9, Timestamp.from(now));
            ps.setTimestamp(10, Timestamp.from(now));
            ps.executeUpdate();
            criteria(c, d);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces the content; returns the new version. */
    public int update(Decision d, String content, Instant now) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update decision set title = ?, status = ?, decided_on = ?, tags = ?, entities = ?, content = ?,"
                        + " version = version + 1, updated_at = ? where number = ? returning version")) {
            fill(c, ps, 1, d, content);
            ps.setTimestamp(7, Timestamp.from(now));
            ps.setInt(8, d.number().value());
            int version;
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("decision " + d.number() + " vanished");
                }
                version = rs.getInt(1);
            }
            try (PreparedStatement del = c.prepareStatement("delete from decision_criterion where decision_number = ?")) {
                del.setInt(1, d.number().value());
                del.executeUpdate();
            }
            criteria(c, d);
            return version;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void setEvidenceStatus(DecisionNumber n, EvidenceStatus status, String explanation, Instant at) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update decision set evidence_status = ?, evidence_explanation = ?, evaluated_at = ? where number = ?")) {
            ps.setString(1, status.name());
            ps.setString(2, explanation);
            ps.setTimestamp(3, Timestamp.from(at));
            ps.setInt(4, n.value());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decisions that list {@code subject} as affected entity and have a criterion for (kind, metric[, comparison]). */
    public List<DecisionNumber> matching(String subject, String kind, String metric, String comparison) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select distinct d.number from decision d join decision_criterion k on k.decision_number = d.number"
                        + " where d.entities @> array[?]::text[] and k.kind = ? and k.metric = ?"
                        + " and (k.comparison is null or k.comparison = ?) order by d.number")) {
            ps.setString(1, subject);
            ps.setString(2, kind);
            ps.setString(3, metric);
            ps.setString(4, comparison);
            return numbers(ps);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void criteria(Connection c, Decision d) throws SQLException {
        if (d.criteria().isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into decision_criterion (decision_number, position,"
                + " kind, metric, comparison) values (?, ?, ?, ?, ?)")) {
            int i = 0;
            for (Criterion k : d.criteria()) {
                ps.setInt(1, d.number().value());
                ps.setInt(2, i++);
                ps.setString(3, k.kind().label());
                ps.setString(4, k.metric());
                ps.setString(5, k.comparison());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void fill(Connection c, PreparedStatement ps, int at, Decision d, String content) throws SQLException {
        ps.setString(at, d.title());
        ps.setString(at + 1, d.status().label());
        ps.setObject(at + 2, d.date());
        Array tags = c.createArrayOf("text", d.tags().toArray());
        Array entities = c.createArrayOf("text", d.affectedEntities().toArray());
        ps.setArray(at + 3, tags);
        ps.setArray(at + 4, entities);
        ps.setString(at + 5, content);
    }

    /** A decision's model with the file it was parsed from. */
    private record Parsed(String path, String content, Decision decision) {
    }

    /**
     * Parsed models by decision number: parsing the file (YAML front matter and Markdown) is most of the cost of a
     * read, and the evidence consumer reads every decision its batch touched once per batch. A hit needs the same
     * path and content, so the model is always the one of the row read (models are immutable, so sharing is safe).
     */
    private final Cache<Integer, Parsed> parsed = Caffeine.newBuilder().maximumSize(2_000).build();

    private Decision parse(int number, String path, String content) {
        Parsed p = parsed.getIfPresent(number);
        if (p != null && p.path().equals(path) && p.content().equals(content)) {
            return p.decision();
        }
        Decision d = DecisionMarkdown.parse(path, content);
        parsed.put(number, new Parsed(path, content, d));
        return d;
    }

    private DecisionRow row(ResultSet rs) throws SQLException {
        int number = rs.getInt("number");
        String path = DecisionMarkdown.DIRECTORY + "/" + String.format("%04d", number) + "-" + rs.getString("slug") + ".md";
        String content = rs.getString("content");
        Decision d = parse(number, path, content);
        Timestamp evaluated = rs.getTimestamp("evaluated_at");
        return new DecisionRow(d, path, content, rs.getInt("version"),
                EvidenceStatus.valueOf(rs.getString("evidence_status")), rs.getString("evidence_explanation"),
                evaluated == null ? null : evaluated.toInstant(), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
