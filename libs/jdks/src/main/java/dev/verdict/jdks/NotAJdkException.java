package dev.verdict.jdks;

/** A path given as a JDK is not one; the message says why and what was expected. */
public class NotAJdkException extends JdkException {
    public NotAJdkException(String message) {
        super(message);
    }
}
