package dev.verdict.decisions.gitmirror.service;

import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.gitmirror.store.GitHistory;
import dev.verdict.decisions.gitmirror.store.GitMirror;
import dev.verdict.decisions.gitmirror.store.GitMirrorException;
import dev.verdict.decisions.gitmirror.store.GitStateStore;
import dev.verdict.decisions.madr.DecisionFormatException;
import dev.verdict.decisions.madr.DecisionMarkdown;
import dev.verdict.decisions.madr.FormatProblem;
import dev.verdict.decisions.replica.ClusterLock;
import dev.verdict.decisions.replica.ReplicaId;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.security.Caller;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Keeps the model and the decisions repository in step, in both directions (teams that live in git are first-class).
 * One sync, under the cluster-wide {@link ClusterLock.Name#GIT} lock: {@link GitMirror#integrate()} (fetch, merge,
 * push), then per decision a three-way comparison of the file at HEAD ({@code H}), the stored content ({@code C})
 * and the blob both last agreed on ({@code B}, {@code decision.git_blob}):
 * <ul>
 * <li>{@code H = C}: in step;</li>
 * <li>{@code H = B ≠ C}: the service changed and git never got it (a failed commit or push): exported;</li>
 * <li>{@code H ≠ B = C}: edited in git: imported as an edit by the file's last commit author;</li>
 * <li>{@code H ≠ B ≠ C}: both changed. If the service's version reached git's history and the merge of this sync
 * did not conflict on the file, git's version contains it (a clean merge, or an edit on top): imported. Otherwise it is
 * a conflict: git wins in the file and the model, and the service's version is kept in {@code git_conflict} and on the
 * decision's timeline as a {@code git-conflict} entry naming both commits.</li>
 * </ul>
 * A file that cannot be read, or whose status change the lifecycle forbids, is reported with file and line and the
 * model stays as it is. Runs on a schedule (a replica that finds the lock taken skips its turn) and on demand.
 */
@ApplicationScoped
public class GitSync {

    /** What a sync did. */
    public record PullResult(
            List<String> updated,
            List<String> created,
            List<String> exported,
            List<String> conflicts,
            List<FormatProblem> problems) {}

    /** How far back a service version is looked for in a file's history. */
    private static final int HISTORY_DEPTH = 200;

    private final GitMirror git;
    private final GitHistory history;
    private final GitStateStore state;
    private final GitImport imports;
    private final ClusterLock lock;
    private final ReplicaId replica;

    public GitSync(
            GitMirror git,
            GitHistory history,
            GitStateStore state,
            GitImport imports,
            ClusterLock lock,
            ReplicaId replica) {
        this.git = git;
        this.history = history;
        this.state = state;
        this.imports = imports;
        this.lock = lock;
        this.replica = replica;
    }

    @Scheduled(
            every = "${verdict.decisions.git.pull-every}",
            delayed = "${verdict.decisions.git.pull-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            lock.tryExclusive(ClusterLock.Name.GIT, this::syncLocked).ifPresent(r -> {
                if (!r.updated().isEmpty()
                        || !r.created().isEmpty()
                        || !r.exported().isEmpty()
                        || !r.conflicts().isEmpty()
                        || !r.problems().isEmpty()) {
                    Log.infof(
                            "git sync: updated %s, created %s, exported %s, conflicts %s, problems %s",
                            r.updated(), r.created(), r.exported(), r.conflicts(), r.problems());
                }
            });
        } catch (RuntimeException e) {
            Log.warnf("git sync of the decisions repository failed: %s", e.getMessage());
        }
    }

    /** A sync now (waits for another replica's sync to finish). */
    public PullResult pull() {
        return lock.exclusive(ClusterLock.Name.GIT, this::syncLocked);
    }

    private PullResult syncLocked() {
        List<String> updated = new ArrayList<>();
        List<String> created = new ArrayList<>();
        List<String> exported = new ArrayList<>();
        List<String> conflicted = new ArrayList<>();
        List<FormatProblem> problems = new ArrayList<>();
        PullResult result = new PullResult(updated, created, exported, conflicted, problems);
        if (!git.enabled()) {
            return result;
        }
        Instant started = Instant.now();
        GitMirror.Integration in;
        try {
            in = git.integrate();
        } catch (GitMirrorException e) {
            // without the remote's state nothing can be compared safely: an old clone would look like git edits
            state.saveState(started, replica.id(), null, false, e.getMessage(), List.of(), List.of(), List.of());
            throw e;
        }
        Map<String, GitMirror.MergeConflict> mergeConflicts = new LinkedHashMap<>();
        in.conflicts().forEach(c -> mergeConflicts.put(c.path(), c));
        Map<String, GitMirror.HeadFile> files = history.headFiles();
        Set<String> seen = new HashSet<>();
        for (GitMirror.HeadFile f : files.values()) {
            String path = f.path();
            try {
                DecisionNumber n = DecisionMarkdown.numberOf(path);
                seen.add(path);
                var row = state.page(n.value() - 1, 1).stream()
                        .filter(a -> a.number().equals(n))
                        .findFirst();
                if (row.isEmpty()) {
                    Decision d = DecisionMarkdown.parse(path, f.content());
                    imports.create(d, path, author(path), f.blob());
                    created.add(n.toString());
                    continue;
                }
                GitStateStore.Agreed a = row.get();
                if (!a.path().equals(path)) {
                    problems.add(new FormatProblem(
                            path,
                            0,
                            "has the number of " + n + ", whose file is " + a.path()
                                    + "; not applied (rename or renumber it)"));
                    continue;
                }
                String h = f.blob();
                String c = GitMirror.blobId(a.content());
                String b = a.gitBlob();
                if (h.equals(c)) {
                    if (!h.equals(b)) {
                        state.setBlob(n, h);
                    }
                    continue;
                }
                if (h.equals(b)) {
                    exportFromService(a, exported);
                    continue;
                }
                GitImport.GitConflict conflict = null;
                boolean serviceChanged = b != null && !c.equals(b);
                GitMirror.MergeConflict mc = mergeConflicts.get(path);
                if (mc != null || serviceChanged) {
                    String oursCommit = mc != null ? mc.oursCommit() : history.commitWithBlob(path, c, HISTORY_DEPTH);
                    if (mc != null || oursCommit == null) {
                        conflict = new GitImport.GitConflict(
                                path,
                                oursCommit,
                                mc != null ? mc.theirsCommit() : history.lastCommit(path),
                                a.content(),
                                f.content(),
                                replica.id());
                    }
                }
                try {
                    imports.apply(n, f.content(), author(path), h, conflict);
                    (conflict == null ? updated : conflicted).add(n.toString());
                } catch (RuntimeException e) {
                    if (conflict != null) {
                        imports.recordUnapplied(n, conflict);
                        conflicted.add(n.toString());
                    }
                    throw e;
                }
            } catch (DecisionFormatException e) {
                problems.addAll(e.problems());
            } catch (RuntimeException e) {
                problems.add(new FormatProblem(path, 0, e.getMessage()));
            }
        }
        exportMissing(seen, exported, problems);
        state.saveState(
                Instant.now(), replica.id(), history.localStatus().head(), true, null, problems, updated, exported);
        return result;
    }

    /** The service changed a decision and git never got it: commit it now (as the service). */
    private void exportFromService(GitStateStore.Agreed a, List<String> exported) {
        GitMirror.CommitOutcome o = git.commit(
                List.of(new GitMirror.FileChange(a.path(), a.content(), a.gitBlob())),
                Caller.system("decision-records"),
                a.number() + ": sync the service's version (its commit did not" + " reach git)");
        if (o.pushed() || !git.hasRemote()) {
            state.setBlob(a.number(), GitMirror.blobId(a.content()));
        }
        exported.add(a.number().toString());
    }

    /** Decisions without a file at HEAD: never mirrored (the mirror was off or failing), or deleted in git. */
    private void exportMissing(Set<String> seen, List<String> exported, List<FormatProblem> problems) {
        int after = 0;
        while (true) {
            List<GitStateStore.Agreed> page = state.page(after, 200);
            if (page.isEmpty()) {
                return;
            }
            for (GitStateStore.Agreed a : page) {
                after = a.number().value();
                if (seen.contains(a.path())) {
                    continue;
                }
                if (a.gitBlob() != null) {
                    problems.add(new FormatProblem(
                            a.path(),
                            0,
                            "deleted in git; decisions are not deleted (deprecate"
                                    + " or supersede them): the file is written again"));
                }
                try {
                    exportFromService(a, exported);
                } catch (RuntimeException e) {
                    problems.add(new FormatProblem(a.path(), 0, e.getMessage()));
                }
            }
        }
    }

    private Caller author(String path) {
        PersonIdent p = history.lastAuthor(path);
        if (p == null) {
            return Caller.system("git");
        }
        return Caller.person(p.getName(), p.getEmailAddress());
    }
}
