package dev.verdict.decisions.gitmirror.service;

import dev.verdict.decisions.decision.service.DecisionMirror;
import dev.verdict.decisions.decision.store.DecisionRow;
import dev.verdict.decisions.gitmirror.store.GitChangedException;
import dev.verdict.decisions.gitmirror.store.GitMirror;
import dev.verdict.decisions.gitmirror.store.GitStateStore;
import dev.verdict.security.Caller;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Decisions mirrored as {@code docs/decisions/NNNN-slug.md} files in the decisions repository. */
@ApplicationScoped
public class GitDecisionMirror implements DecisionMirror {

    private final GitMirror git;
    private final GitStateStore state;

    public GitDecisionMirror(GitMirror git, GitStateStore state) {
        this.git = git;
        this.state = state;
    }

    @Override
    public boolean enabled() {
        return git.enabled();
    }

    /** The agreed blob moves to the new content only once the commit reached the remote (or there is none). */
    @Override
    public void write(List<DecisionRow> rows, Caller caller, String message, Map<String, String> bases) {
        for (DecisionRow r : rows) {
            String base = bases.get(r.path());
            if (base != null) {
                state.setBlob(r.decision().number(), base);
            }
        }
        List<GitMirror.FileChange> files = rows.stream()
                .map(r -> new GitMirror.FileChange(
                        r.path(), r.content(), state.blob(r.decision().number()).orElse(null)))
                .toList();
        GitMirror.CommitOutcome outcome;
        try {
            outcome = git.commit(files, caller, message);
        } catch (GitChangedException e) {
            throw e;
        } catch (RuntimeException e) {
            // the database is the record; the sync exports the change
            Log.errorf(e, "git mirror could not commit '%s'", message);
            return;
        }
        if (outcome.pushed()) {
            for (DecisionRow r : rows) {
                state.setBlob(r.decision().number(), GitMirror.blobId(r.content()));
            }
        }
    }
}
