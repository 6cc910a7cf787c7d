package dev.verdict.decisions.gitmirror.store;

import dev.verdict.problem.ConflictException;

/**
 * A write would overwrite a decision file that changed in git after the model last agreed with it: the edit in git
 * has not been imported yet. The write is refused (409) and nothing is lost; after the next pull the change can be
 * made again on top of the git edit.
 */
public class GitChangedException extends ConflictException {

    public GitChangedException(String path, String commit) {
        super(
                "git-changed",
                path + " changed in git (commit " + commit + ") after the service last read it; the"
                        + " pull imports that edit (POST /api/git/pull, or wait for the schedule), then apply your change again");
    }
}
