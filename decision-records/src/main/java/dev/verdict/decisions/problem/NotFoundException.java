package dev.verdict.decisions.problem;

/** A decision, evidence item or attachment that does not exist: 404. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
