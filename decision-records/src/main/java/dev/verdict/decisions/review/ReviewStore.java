package dev.verdict.decisions.review;

import dev.verdict.decisions.decision.model.DecisionNumber;
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

/** Review comments and evidence-gate overrides (both append-only). */
@ApplicationScoped
public class ReviewStore {

    public record Comment(long id, String decision, String author, String body, Instant createdAt) {
    }

    public record Override(long id, String decision, String architect, String reason, String evidenceStatus,
            String targetStatus, Instant createdAt) {
    }

    @Inject
    AgroalDataSource ds;

    public Comment comment(DecisionNumber n, String author, String body, Instant at) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into review_comment (decision_number, author, body, created_at) values (?, ?, ?, ?) returning id")) {
            ps.setInt(1, n.value());
            ps.setString(2, author);
            ps.setString(3, body);
            ps.setTimestamp(4, Timestamp.from(at));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Comment(rs.getLong(1), n.toString(), author, body, at);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Comment> comments(DecisionNumber n, long after, int limit) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select id, author, body, created_at from review_comment where decision_number = ? and id > ?"
                        + " order by id limit ?")) {
            ps.setInt(1, n.value());
            ps.setLong(2, after);
            ps.setInt(3, limit);
            List<Comment> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Comment(rs.getLong(1), n.toString(), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Override override(DecisionNumber n, String architect, String reason, String evidenceStatus,
            String targetStatus, Instant at) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into gate_override (decision_number, architect, reason, evidence_status, target_status,"
                        + " created_at) values (?, ?, ?, ?, ?, ?) returning id")) {
            ps.setInt(1, n.value());
            ps.setString(2, architect);
            ps.setString(3, reason);
            ps.setString(4, evidenceStatus);
            ps.setString(5, targetStatus);
            ps.setTimestamp(6, Timestamp.from(at));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Override(rs.getLong(1), n.toString(), architect, reason, evidenceStatus, targetStatus, at);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Override> overrides(DecisionNumber n) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select id, architect, reason, evidence_status, target_status, created_at from gate_override"
                        + " where decision_number = ? order by id")) {
            ps.setInt(1, n.value());
            List<Override> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Override(rs.getLong(1), n.toString(), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
