package dev.verdict.outbox;

/** The outbox or inbox could not read or write its tables; the surrounding transaction must roll back. */
public class OutboxException extends RuntimeException {

    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
