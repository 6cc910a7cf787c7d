package dev.verdict.decisions.problem;

/** A request that contradicts the current state (stale version, evidence gate closed): 409. */
public class ConflictException extends RuntimeException {
    private final String slug;

    public ConflictException(String slug, String message) {
        super(message);
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
