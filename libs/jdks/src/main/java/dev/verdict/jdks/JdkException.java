package dev.verdict.jdks;

/**
 * A JDK that cannot be found or used, with a message that says what is wrong and what to give instead. An
 * {@link IllegalArgumentException}: it is always about the input (a path, a version, a label).
 */
public class JdkException extends IllegalArgumentException {
    public JdkException(String message) {
        super(message);
    }
}
