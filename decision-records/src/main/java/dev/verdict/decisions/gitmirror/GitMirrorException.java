package dev.verdict.decisions.gitmirror;

/** The git repository could not be read or written. */
public class GitMirrorException extends RuntimeException {
    public GitMirrorException(String message, Throwable cause) {
        super(message, cause);
    }
}
