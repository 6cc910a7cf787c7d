package dev.verdict.decisions.problem;

import dev.verdict.decisions.criteria.grammar.CriterionException;
import dev.verdict.decisions.decision.model.DecisionStatus;
import dev.verdict.decisions.decision.model.IllegalTransitionException;
import dev.verdict.decisions.madr.DecisionFormatException;
import dev.verdict.problem.Problem;
import dev.verdict.problem.Violation;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The error bodies of decision-records' own exceptions, on the shared {@link Problem} shape. Everything generic
 * (404, 409, 422, 403/401, framework errors, malformed JSON, 413, opaque 500s) is mapped by libs/problem.
 */
public class DecisionProblemMappers {

    /** 400: a decision file (front matter or Markdown) that cannot be read; every problem with file and line. */
    @ServerExceptionMapper
    public Response format(DecisionFormatException e) {
        List<Violation> violations = e.problems().stream()
                .map(p -> new Violation(p.file(), p.line() > 0 ? p.line() : null, null, p.message()))
                .toList();
        return Problem.of("malformed-decision", "Decision file is malformed", 400, e.getMessage())
                .withViolations(violations)
                .toResponse();
    }

    /** 422: a fitness criterion that does not parse; the column in the one-line syntax and the grammar to fix it. */
    @ServerExceptionMapper
    public Response criterion(CriterionException e) {
        return Problem.of("invalid-criterion", "Invalid fitness criterion", 422, e.getMessage())
                .withViolations(List.of(new Violation(
                        "criteria." + e.field(), null, e.column() > 0 ? e.column() : null, e.getMessage())))
                .with("grammar", e.grammar())
                .toResponse();
    }

    /** 409: a status change the lifecycle forbids; {@code allowed} is written even when empty (a final status). */
    @ServerExceptionMapper
    public Response transition(IllegalTransitionException e) {
        return Problem.of("illegal-transition", "Illegal status transition", 409, e.getMessage())
                .with(
                        "allowed",
                        e.allowed().stream().sorted().map(DecisionStatus::label).toList())
                .toResponse();
    }
}
