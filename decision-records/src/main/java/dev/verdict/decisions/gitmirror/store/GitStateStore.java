package dev.verdict.decisions.gitmirror.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.decisions.decision.store.DecisionStore;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The git mirror's shared bookkeeping in PostgreSQL: per decision the blob id that the database and the remote last
 * agreed on ({@code decision.git_blob}), the conflicts kept for good ({@code git_conflict}), and the outcome of the
 * latest sync of any replica ({@code git_sync_state}). The blob is a column of the decision's entity; conflicts and
 * the sync state are entities of their own, written by an upsert ({@link Jdbc}) for the sync state.
 */
@ApplicationScoped
public class GitStateStore {

    /** What a sync compares per decision. */
    public record Agreed(DecisionNumber number, String path, String content, String gitBlob) {}

    /** A conflict as the status API and the timeline show it. */
    public record Conflict(
            long id,
            String decision,
            String path,
            String oursCommit,
            String theirsCommit,
            boolean applied,
            Instant detectedAt,
            String detectedBy,
            String serviceContent,
            String gitContent) {}

    /** The latest sync of any replica. */
    public record SyncState(
            Instant syncedAt,
            String replica,
            String headCommit,
            boolean ok,
            String error,
            Object problems,
            Object imported,
            Object exported) {}

    private final DecisionStore decisions;
    private final Jdbc jdbc;
    private final ObjectMapper json;

    public GitStateStore(DecisionStore decisions, Jdbc jdbc, ObjectMapper json) {
        this.decisions = decisions;
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<String> blob(DecisionNumber n) {
        return decisions.gitBlob(n);
    }

    @Transactional
    public void setBlob(DecisionNumber n, String blob) {
        decisions.setGitBlob(n, blob);
    }

    /** A page of decisions in number order, for the sync's comparison. */
    public List<Agreed> page(int after, int limit) {
        return decisions.page(after, limit).stream()
                .map(d -> new Agreed(
                        DecisionNumber.of(d.number), DecisionStore.path(d.number, d.slug), d.content, d.gitBlob))
                .toList();
    }

    /** Joins the caller's transaction. */
    public long recordConflict(
            DecisionNumber n,
            String path,
            String ours,
            String theirs,
            String serviceContent,
            String gitContent,
            boolean applied,
            Instant at,
            String replica) {
        GitConflictEntity c = new GitConflictEntity();
        c.decisionNumber = n.value();
        c.path = path;
        c.oursCommit = ours;
        c.theirsCommit = theirs;
        c.serviceContent = serviceContent;
        c.gitContent = gitContent;
        c.applied = applied;
        c.detectedAt = at;
        c.detectedBy = replica;
        c.persist();
        return c.id;
    }

    /** Whether this git version of the decision was already recorded as a conflict (a sync repeats every minute). */
    public boolean conflictRecorded(DecisionNumber n, String gitContent) {
        return GitConflictEntity.recorded(n, gitContent);
    }

    /** The newest conflicts, newest first. */
    public List<Conflict> conflicts(int limit, boolean withContent) {
        return GitConflictEntity.newest(limit).stream()
                .map(c -> c.toConflict(withContent))
                .toList();
    }

    /**
     * Replaces the one state row. An upsert in SQL, not the entity: the first saves of two replicas race, and JPA has
     * no insert-or-update that a concurrent insert cannot fail.
     */
    @Transactional
    public void saveState(
            Instant at,
            String replica,
            String head,
            boolean ok,
            String error,
            Object problems,
            Object imported,
            Object exported) {
        jdbc.update(
                "insert into git_sync_state (id, synced_at, replica, head_commit, ok, error, problems, imported,"
                        + " exported) values (1, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb) on conflict (id) do update"
                        + " set synced_at = excluded.synced_at, replica = excluded.replica,"
                        + " head_commit = excluded.head_commit, ok = excluded.ok, error = excluded.error,"
                        + " problems = excluded.problems, imported = excluded.imported, exported = excluded.exported",
                ps -> {
                    ps.setTimestamp(1, java.sql.Timestamp.from(at));
                    ps.setString(2, replica);
                    ps.setString(3, head);
                    ps.setBoolean(4, ok);
                    ps.setString(5, error);
                    ps.setString(6, write(problems));
                    ps.setString(7, write(imported));
                    ps.setString(8, write(exported));
                });
    }

    public Optional<SyncState> state() {
        return GitSyncStateEntity.<GitSyncStateEntity>findByIdOptional(GitSyncStateEntity.ID)
                .map(s -> new SyncState(
                        s.syncedAt,
                        s.replica,
                        s.headCommit,
                        s.ok,
                        s.error,
                        read(s.problems),
                        read(s.imported),
                        read(s.exported)));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object read(String text) {
        try {
            return json.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
