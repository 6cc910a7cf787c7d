package dev.verdict.problem;

/** The addressed thing does not exist: 404 {@code not-found}. */
public class NotFoundException extends ProblemException {

    public NotFoundException(String detail) {
        super(Problem.of("not-found", "Not found", 404, detail));
    }
}
