package dev.verdict.decisions.gitmirror.store;

import dev.verdict.problem.Problem;
import dev.verdict.problem.ProblemException;

/**
 * The git repository could not be read or written (for example, the remote is unreachable during a sync). Where it
 * reaches the API ({@code POST /api/git/pull}) it is a 503 problem {@code git-unavailable}: retry later; writes of
 * decisions never fail with it (the database change stands and the next sync exports it).
 */
public class GitMirrorException extends ProblemException {
    public GitMirrorException(String message, Throwable cause) {
        super(Problem.of("git-unavailable", "Git mirror unavailable", 503, message), cause);
    }
}
