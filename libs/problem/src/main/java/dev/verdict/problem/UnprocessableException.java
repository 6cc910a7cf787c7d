package dev.verdict.problem;

import java.util.List;

/** Well-formed input that breaks rules of the model: 422 with every violation, so all can be fixed at once. */
public class UnprocessableException extends ProblemException {

    public UnprocessableException(String detail, List<Violation> violations) {
        this("invalid", "Input breaks a rule", detail, violations);
    }

    public UnprocessableException(String slug, String title, String detail, List<Violation> violations) {
        super(Problem.of(slug, title, 422, detail).withViolations(violations));
    }

    /** The violations of the body (empty when the rule has no location). */
    public List<Violation> violations() {
        List<Violation> v = problem().violations();
        return v == null ? List.of() : v;
    }
}
