package dev.verdict.decisions.gitmirror.service;

import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.decision.service.DecisionService;
import dev.verdict.decisions.decision.store.DecisionRow;
import dev.verdict.decisions.gitmirror.store.GitStateStore;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.decisions.timeline.model.TimelineKind;
import dev.verdict.decisions.timeline.store.TimelineStore;
import dev.verdict.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the git sync applies to the model: files that appeared or changed in git, and the same-file conflicts it
 * found. Each call is one transaction that changes decisions through {@link DecisionService}, so an import follows the
 * same rules (lifecycle, timeline, evaluation, one commit) as an edit through the API.
 */
@ApplicationScoped
public class GitImport {

    /** A same-file conflict between the service and git, found by the git sync. */
    public record GitConflict(
            String path,
            String oursCommit,
            String theirsCommit,
            String serviceContent,
            String gitContent,
            String replica) {}

    private final DecisionService decisions;
    private final GitStateStore state;
    private final TimelineStore timeline;

    public GitImport(DecisionService decisions, GitStateStore state, TimelineStore timeline) {
        this.decisions = decisions;
        this.state = state;
        this.timeline = timeline;
    }

    /** Creates a decision from a file that appeared in git (number from its name); {@code gitBlob}: the file's blob. */
    @Transactional
    public DecisionRow create(Decision d, String path, Caller caller, String gitBlob) {
        String slug = path.substring(path.lastIndexOf('/') + 1)
                .replaceFirst("^\\d+-", "")
                .replaceFirst("\\.md$", "");
        return decisions.createFromFile(
                d,
                slug,
                caller,
                TimelineKind.GIT_PULL,
                "created from " + path + " in git",
                d.number() + ": normalize the file created in git",
                Map.of(path, gitBlob));
    }

    /**
     * Applies a decision file edited in git ({@code gitBlob}: its blob id) as an edit by its last commit author; with
     * a {@code conflict}, git's version wins and the service's version is kept in {@code git_conflict} and on the
     * timeline ({@code git-conflict}, naming both commits). A malformed file or a status change the lifecycle forbids
     * throws and nothing changes.
     */
    @Transactional
    public DecisionRow apply(DecisionNumber n, String markdown, Caller caller, String gitBlob, GitConflict conflict) {
        DecisionRow row = decisions.lockForWrite(n);
        if (conflict != null) {
            appendConflict(n, conflict, true);
        }
        return decisions.applyFile(
                n,
                markdown,
                caller,
                TimelineKind.GIT_PULL,
                "edit in git",
                n + ": normalize the file edited in git",
                Map.of(row.path(), gitBlob));
    }

    /**
     * A conflict whose git side could not be applied (malformed, or a forbidden transition): kept all the same, once
     * per git version of the file (every sync finds it again until the file is repaired).
     */
    @Transactional
    public void recordUnapplied(DecisionNumber n, GitConflict conflict) {
        if (!state.conflictRecorded(n, conflict.gitContent())) {
            appendConflict(n, conflict, false);
        }
    }

    private void appendConflict(DecisionNumber n, GitConflict c, boolean applied) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long id = state.recordConflict(
                n,
                c.path(),
                c.oursCommit(),
                c.theirsCommit(),
                c.serviceContent(),
                c.gitContent(),
                applied,
                now,
                c.replica());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("path", c.path());
        detail.put("oursCommit", c.oursCommit());
        detail.put("theirsCommit", c.theirsCommit());
        detail.put("conflictId", id);
        detail.put("applied", applied);
        detail.put("serviceVersion", c.serviceContent());
        timeline.append(
                n,
                now,
                "system:git-sync",
                TimelineKind.GIT_CONFLICT,
                "conflict in " + c.path() + ": "
                        + (applied
                                ? "git's version (commit " + c.theirsCommit() + ") replaced the service's version"
                                : "git's version (commit " + c.theirsCommit()
                                        + ") could not be applied; the model keeps the service's version")
                        + (c.oursCommit() == null ? " (never committed)" : " (commit " + c.oursCommit() + ")")
                        + "; the service's version is kept in this entry",
                detail);
    }
}
