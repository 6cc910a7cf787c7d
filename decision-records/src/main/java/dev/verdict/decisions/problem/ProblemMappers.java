package dev.verdict.decisions.problem;

import dev.verdict.decisions.criteria.grammar.CriterionException;
import dev.verdict.decisions.decision.model.DecisionStatus;
import dev.verdict.decisions.decision.model.IllegalTransitionException;
import dev.verdict.decisions.madr.DecisionFormatException;
import io.quarkus.logging.Log;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure to problem+json: bad input is a 4xx that says what to fix, never a 500. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response format(DecisionFormatException e) {
        List<Problem.FieldError> errors = e.problems().stream()
                .map(p -> new Problem.FieldError(p.file(), p.line() > 0 ? p.line() : null, null, p.message())).toList();
        return respond(new Problem(Problem.TYPE_BASE + "malformed-decision", "Decision file is malformed", 400,
                e.getMessage(), errors, null, null));
    }

    @ServerExceptionMapper
    public Response criterion(CriterionException e) {
        return respond(new Problem(Problem.TYPE_BASE + "invalid-criterion", "Invalid fitness criterion", 422,
                e.getMessage(), List.of(new Problem.FieldError("criteria." + e.field(), null,
                        e.column() > 0 ? e.column() : null, e.getMessage())), null, e.grammar()));
    }

    @ServerExceptionMapper
    public Response transition(IllegalTransitionException e) {
        return respond(new Problem(Problem.TYPE_BASE + "illegal-transition", "Illegal status transition", 409,
                e.getMessage(), null, e.allowed().stream().sorted().map(DecisionStatus::label).toList(), null));
    }

    @ServerExceptionMapper
    public Response unprocessable(UnprocessableException e) {
        return respond(new Problem(Problem.TYPE_BASE + "invalid", "Input breaks a rule", 422, e.getMessage(),
                e.errors().isEmpty() ? null : e.errors(), null, null));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return respond(Problem.of("not-found", "Not found", 404, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return respond(Problem.of(e.slug(), "Conflict", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of("forbidden", "Forbidden", 403, "your roles do not allow this operation"));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(Problem.of("unauthorized", "Unauthorized", 401, "a valid bearer token is required")).build();
    }

    @ServerExceptionMapper
    public Response badArgument(IllegalArgumentException e) {
        return respond(Problem.of("bad-request", "Bad request", 400, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return respond(Problem.of("http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(), status,
                e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        Log.error("unexpected failure", e);
        return respond(Problem.of("internal", "Internal error", 500, "an unexpected error occurred; see the service log"));
    }

    static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
