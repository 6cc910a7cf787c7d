package dev.verdict.launcher.stack;

/** A failure the user can act on; printed without a stack trace. */
public class StackException extends RuntimeException {
    public StackException(String message) {
        super(message);
    }
}
