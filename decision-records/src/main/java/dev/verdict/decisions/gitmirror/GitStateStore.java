package dev.verdict.decisions.gitmirror;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.decisions.decision.model.DecisionNumber;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
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
 * The git mirror's shared bookkeeping in PostgreSQL: per decision the blob id that the database and the remote last
 * agreed on ({@code decision.git_blob}), the conflicts kept for good ({@code git_conflict}), and the outcome of the
 * latest sync of any replica ({@code git_sync_state}).
 */
@ApplicationScoped
public class GitStateStore {

    /** What a sync compares per decision. */
    public record Agreed(DecisionNumber number, String path, String content, String gitBlob) {
    }

    /** A conflict as the status API and the timeline show it. */
    public record Conflict(long id, String decision, String path, String oursCommit, String theirsCommit,
            boolean applied, Instant detectedAt, String detectedBy, String serviceContent, String gitContent) {
    }

    /** The latest sync of any replica. */
    public record SyncState(Instant syncedAt, String replica, String headCommit, boolean ok, String error,
            Object problems, Object imported, Object exported) {
    }

    @Inject
    AgroalDataSource ds;

    @Inject
    ObjectMapper json;

    public Optional<String> blob(DecisionNumber n) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("select git_blob from decision where number = ?")) {
            ps.setInt(1, n.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transactional
    public void setBlob(DecisionNumber n, String blob) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("update decision set git_blob = ? where number = ?")) {
            ps.setString(1, blob);
            ps.setInt(2, n.value());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A page of decisions in number order, for the sync's comparison. */
    public List<Agreed> page(int after, int limit) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select number, slug, content, git_blob from decision where number > ? order by number limit ?")) {
            ps.setInt(1, after);
            ps.setInt(2, limit);
            List<Agreed> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    DecisionNumber n = DecisionNumber.of(rs.getInt(1));
                    out.add(new Agreed(n, dev.verdict.decisions.madr.DecisionMarkdown.DIRECTORY + "/"
                            + String.format("%04d", n.value()) + "-" + rs.getString(2) + ".md", rs.getString(3),
                            rs.getString(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Joins the caller's transaction. */
    public long recordConflict(DecisionNumber n, String path, String ours, String theirs, String serviceContent,
            String gitContent, boolean applied, Instant at, String replica) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into git_conflict (decision_number, path, ours_commit, theirs_commit, service_content,"
                        + " git_content, applied, detected_at, detected_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " returning id")) {
            ps.setInt(1, n.value());
            ps.setString(2, path);
            ps.setString(3, ours);
            ps.setString(4, theirs);
            ps.setString(5, serviceContent);
            ps.setString(6, gitContent);
            ps.setBoolean(7, applied);
            ps.setTimestamp(8, Timestamp.from(at));
            ps.setString(9, replica);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether this git version of the decision was already recorded as a conflict (a sync repeats every minute). */
    public boolean conflictRecorded(DecisionNumber n, String gitContent) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select 1 from git_conflict where decision_number = ? and git_content = ? limit 1")) {
            ps.setInt(1, n.value());
            ps.setString(2, gitContent);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The newest conflicts, newest first. */
    public List<Conflict> conflicts(int limit, boolean withContent) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select id, decision_number, path, ours_commit, theirs_commit, applied, detected_at, detected_by,"
                        + " service_content, git_content from git_conflict order by id desc limit ?")) {
            ps.setInt(1, limit);
            List<Conflict> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Conflict(rs.getLong(1), DecisionNumber.of(rs.getInt(2)).toString(), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getBoolean(6), rs.getTimestamp(7).toInstant(),
                            rs.getString(8), withContent ? rs.getString(9) : null, withContent ? rs.getString(10)
                                    : null));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transactional
    public void saveState(Instant at, String replica, String head, boolean ok, String error, Object problems,
            Object imported, Object exported) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into git_sync_state (id, synced_at, replica, head_commit, ok, error, problems, imported,"
                        + " exported) values (1, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb) on conflict (id) do update"
                        + " set synced_at = excluded.synced_at, replica = excluded.replica,"
                        + " head_commit = excluded.head_commit, ok = excluded.ok, error = excluded.error,"
                        + " problems = excluded.problems, imported = excluded.imported, exported = excluded.exported")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, replica);
            ps.setString(3, head);
            ps.setBoolean(4, ok);
            ps.setString(5, error);
            ps.setString(6, json.writeValueAsString(problems));
            ps.setString(7, json.writeValueAsString(imported));
            ps.setString(8, json.writeValueAsString(exported));
            ps.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<SyncState> state() {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select synced_at, replica, head_commit, ok, error, problems::text, imported::text, exported::text"
                        + " from git_sync_state where id = 1")) {
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SyncState(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                        rs.getBoolean(4), rs.getString(5), json.readValue(rs.getString(6), Object.class),
                        json.readValue(rs.getString(7), Object.class), json.readValue(rs.getString(8), Object.class)));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
