package dev.verdict.bench.jdk;

import dev.verdict.bench.BenchException;

/** A path given as a JDK is not one; the message says why and what was expected. */
public class NotAJdkException extends BenchException {
    public NotAJdkException(String message) {
        super(message);
    }
}
