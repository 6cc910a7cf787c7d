package dev.verdict.problem;

/**
 * An exception that already knows its problem body; {@link ProblemMappers} answers it as is. Services throw the
 * subclasses ({@link NotFoundException}, {@link ConflictException}, {@link UnprocessableException}) or this one
 * with any other status.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    public ProblemException(Problem problem, Throwable cause) {
        super(problem.detail(), cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
