package dev.verdict.bench;

/**
 * A failure the user can act on (bad JDK path, corrupted result file, unreachable broker...). The CLI prints only
 * the message, which must say what is wrong and, where possible, what to do; no stack trace.
 */
public class BenchException extends RuntimeException {

    /** Exit status for bad input (also picocli's status for usage errors). */
    public static final int BAD_INPUT = 2;
    /** Exit status when a run was interrupted or could not measure anything. */
    public static final int RUN_FAILED = 3;
    /** Exit status when publishing failed. */
    public static final int PUBLISH_FAILED = 4;

    private final int exitCode;

    public BenchException(String message) {
        this(BAD_INPUT, message, null);
    }

    public BenchException(String message, Throwable cause) {
        this(BAD_INPUT, message, cause);
    }

    public BenchException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
