package dev.verdict.catalog.problem;

import dev.verdict.catalog.entity.model.DescriptorSyntaxException;
import dev.verdict.catalog.entity.service.ConflictException;
import dev.verdict.catalog.entity.service.NotAllowedException;
import dev.verdict.catalog.entity.service.NotFoundException;
import dev.verdict.catalog.entity.validation.ValidationException;
import io.quarkus.logging.Log;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure to problem+json: bad input is a 4xx that says what to fix, never a 500. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response syntax(DescriptorSyntaxException e) {
        Problem p = new Problem(Problem.TYPE_BASE + "syntax", "Descriptor is not well-formed", 400, e.getMessage(), null,
                e.document() < 0 ? null : e.document(), e.line() == 0 ? null : e.line(),
                e.column() == 0 ? null : e.column(), null);
        return respond(p);
    }

    @ServerExceptionMapper
    public Response validation(ValidationException e) {
        Problem p = new Problem(Problem.TYPE_BASE + "validation", "Descriptor breaks catalog rules", 422,
                e.violations().size() + " violation(s); nothing was stored", null, null, null, null, e.violations());
        return respond(p);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return respond(Problem.of("not-found", "Not found", 404, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return respond(Problem.of("conflict", "Conflict", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return respond(Problem.of("forbidden", "Forbidden", 403, e.getMessage()));
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
        return respond(Problem.of("http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(), status, e.getMessage()));
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
