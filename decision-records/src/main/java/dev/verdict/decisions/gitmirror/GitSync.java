package dev.verdict.decisions.gitmirror;

import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.decision.model.DecisionNumber;
import dev.verdict.decisions.decision.service.DecisionService;
import dev.verdict.decisions.decision.store.DecisionRow;
import dev.verdict.decisions.decision.store.DecisionStore;
import dev.verdict.decisions.madr.DecisionFormatException;
import dev.verdict.decisions.madr.DecisionMarkdown;
import dev.verdict.decisions.madr.FormatProblem;
import dev.verdict.decisions.security.Caller;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Picks up edits made directly in the decisions repository (teams that live in git): every committed
 * {@code docs/decisions/NNNN-slug.md} whose content differs from the stored decision is read and applied as an edit
 * by the file's last commit author; a new file becomes a new decision. A file that cannot be read, or whose status
 * change the lifecycle forbids, is reported (file and line) and not applied. Runs on a schedule and on demand.
 */
@ApplicationScoped
public class GitSync {

    /** What a pull did. */
    public record PullResult(List<String> updated, List<String> created, List<FormatProblem> problems) {
    }

    @Inject
    GitMirror git;

    @Inject
    DecisionStore store;

    @Inject
    DecisionService decisions;

    @Scheduled(every = "${verdict.decisions.git.pull-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "10s")
    void scheduled() {
        try {
            PullResult r = pull();
            if (!r.updated().isEmpty() || !r.created().isEmpty() || !r.problems().isEmpty()) {
                Log.infof("git pull: updated %s, created %s, problems %s", r.updated(), r.created(), r.problems());
            }
        } catch (RuntimeException e) {
            Log.warnf("git pull of the decisions repository failed: %s", e.getMessage());
        }
    }

    public synchronized PullResult pull() {
        List<String> updated = new ArrayList<>();
        List<String> created = new ArrayList<>();
        List<FormatProblem> problems = new ArrayList<>();
        if (!git.enabled()) {
            return new PullResult(updated, created, problems);
        }
        git.fetchAndMerge();
        for (Map.Entry<String, GitMirror.HeadFile> f : git.headFiles().entrySet()) {
            String path = f.getKey();
            String content = f.getValue().content();
            try {
                DecisionNumber n = DecisionMarkdown.numberOf(path);
                Optional<DecisionRow> row = store.find(n, false);
                if (row.isPresent() && !row.get().path().equals(path)) {
                    problems.add(new FormatProblem(path, 0, "has the number of " + n + ", whose file is "
                            + row.get().path() + "; not applied (rename or renumber it)"));
                    continue;
                }
                if (row.isPresent() && row.get().content().equals(content)) {
                    continue;
                }
                Caller author = author(path);
                if (row.isEmpty()) {
                    Decision d = DecisionMarkdown.parse(path, content);
                    decisions.createFromGit(d, path, author);
                    created.add(n.toString());
                } else {
                    decisions.editMarkdown(n, null, content, author, "git-pull");
                    updated.add(n.toString());
                }
            } catch (DecisionFormatException e) {
                problems.addAll(e.problems());
            } catch (RuntimeException e) {
                problems.add(new FormatProblem(path, 0, e.getMessage()));
            }
        }
        return new PullResult(updated, created, problems);
    }

    private Caller author(String path) {
        PersonIdent p = git.lastAuthor(path);
        if (p == null) {
            return Caller.system("git");
        }
        return new Caller(p.getName(), p.getEmailAddress(), false, false);
    }
}
