package dev.verdict.catalog.entity.validation;

import dev.verdict.problem.Violation;
import java.util.List;

/** A submission broke one or more catalog rules; carries every violation so the caller can fix all at once. */
public class ValidationException extends RuntimeException {

    private final List<Violation> violations;

    public ValidationException(List<Violation> violations) {
        super(violations.size() + " rule violation(s): " + violations.get(0).path() + " "
                + violations.get(0).message());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
