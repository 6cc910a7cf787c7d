package dev.verdict.decisions.decision.api;

import dev.verdict.decisions.criteria.service.EvaluationService;
import dev.verdict.decisions.decision.api.DecisionViews.DecisionInput;
import dev.verdict.decisions.decision.api.DecisionViews.DecisionView;
import dev.verdict.decisions.decision.api.DecisionViews.Page;
import dev.verdict.decisions.decision.api.DecisionViews.Summary;
import dev.verdict.decisions.decision.model.DecisionNumber;
import dev.verdict.decisions.decision.model.GateOverride;
import dev.verdict.decisions.decision.model.DecisionStatus;
import dev.verdict.decisions.decision.service.DecisionService;
import dev.verdict.decisions.decision.store.DecisionFilter;
import dev.verdict.decisions.decision.store.DecisionRow;
import dev.verdict.decisions.timeline.model.TimelineKind;
import dev.verdict.security.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import java.util.List;

/** Decisions: create, edit, list and search, status changes, Markdown form, evaluation on demand. */
@Path("/api/decisions")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {

    @Inject
    DecisionService decisions;

    @Inject
    EvaluationService evaluation;

    @Inject
    SecurityIdentity identity;

    public record TransitionRequest(String to, String reason) {
    }

    public record ReviewRequest(String reason, String override) {
    }

    public record SupersedeRequest(String by) {
    }

    @GET
    @RolesAllowed("viewer")
    public Page<Summary> list(@QueryParam("status") String status, @QueryParam("entity") String entity,
            @QueryParam("tag") String tag, @QueryParam("q") String text, @QueryParam("after") String after,
            @QueryParam("limit") Integer limit) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > 500) {
            throw new IllegalArgumentException("limit must be between 1 and 500");
        }
        DecisionStatus s = status == null ? null : DecisionStatus.fromLabel(status).orElseThrow(() ->
                new IllegalArgumentException("status must be one of proposed, accepted, rejected, deprecated,"
                        + " superseded"));
        int afterNumber = after == null ? 0 : DecisionNumber.parse(after).value();
        List<DecisionRow> rows = decisions.list(new DecisionFilter(s, blank(entity), blank(tag), blank(text),
                afterNumber, size));
        String next = rows.size() == size ? rows.get(rows.size() - 1).decision().number().toString() : null;
        return new Page<>(rows.stream().map(DecisionViews::summary).toList(), next);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("engineer")
    public Response create(DecisionInput in) {
        DecisionRow row = decisions.create(b -> DecisionViews.apply(in, b), Caller.of(identity));
        return Response.created(URI.create("/api/decisions/" + row.decision().number()))
                .tag(etag(row)).entity(DecisionViews.view(row)).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed("viewer")
    public Response get(@PathParam("id") String id) {
        DecisionRow row = decisions.get(DecisionNumber.parse(id));
        return Response.ok(DecisionViews.view(row)).tag(etag(row)).build();
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("engineer")
    public Response edit(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, DecisionInput in) {
        DecisionRow row = decisions.edit(DecisionNumber.parse(id), version(ifMatch), b -> DecisionViews.apply(in, b),
                Caller.of(identity));
        return Response.ok(DecisionViews.view(row)).tag(etag(row)).build();
    }

    @GET
    @Path("/{id}/markdown")
    @Produces("text/markdown")
    @RolesAllowed("viewer")
    public Response markdown(@PathParam("id") String id) {
        DecisionRow row = decisions.get(DecisionNumber.parse(id));
        return Response.ok(row.content(), "text/markdown; charset=utf-8").tag(etag(row))
                .header("Content-Location", row.path()).build();
    }

    @PUT
    @Path("/{id}/markdown")
    @Consumes({"text/markdown", MediaType.TEXT_PLAIN})
    @RolesAllowed("engineer")
    public Response putMarkdown(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, String body) {
        DecisionRow row = decisions.editMarkdown(DecisionNumber.parse(id), version(ifMatch), body == null ? "" : body,
                Caller.of(identity), TimelineKind.EDITED);
        return Response.ok(DecisionViews.view(row)).type(MediaType.APPLICATION_JSON).tag(etag(row)).build();
    }

    @POST
    @Path("/{id}/transitions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("engineer")
    public DecisionView transition(@PathParam("id") String id, TransitionRequest req) {
        if (req == null || req.to() == null) {
            throw new IllegalArgumentException("'to' is required");
        }
        DecisionStatus to = DecisionStatus.fromLabel(req.to()).orElseThrow(() -> new IllegalArgumentException(
                "'to' must be one of proposed, accepted, rejected, deprecated, superseded"));
        return DecisionViews.view(decisions.transition(DecisionNumber.parse(id), to, req.reason(), Caller.of(identity)));
    }

    @POST
    @Path("/{id}/accept")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("architect")
    public DecisionView accept(@PathParam("id") String id, ReviewRequest req) {
        ReviewRequest r = req == null ? new ReviewRequest(null, null) : req;
        return DecisionViews.view(decisions.review(DecisionNumber.parse(id), DecisionStatus.ACCEPTED, r.override(),
                r.reason(), Caller.of(identity)));
    }

    @POST
    @Path("/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("architect")
    public DecisionView reject(@PathParam("id") String id, ReviewRequest req) {
        ReviewRequest r = req == null ? new ReviewRequest(null, null) : req;
        return DecisionViews.view(decisions.review(DecisionNumber.parse(id), DecisionStatus.REJECTED, null,
                r.reason(), Caller.of(identity)));
    }

    @POST
    @Path("/{id}/supersede")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("engineer")
    public List<DecisionView> supersede(@PathParam("id") String id, SupersedeRequest req) {
        if (req == null || req.by() == null) {
            throw new IllegalArgumentException("'by' (the successor, e.g. ADR-0009) is required");
        }
        return decisions.supersede(DecisionNumber.parse(id), DecisionNumber.parse(req.by()), Caller.of(identity))
                .stream().map(DecisionViews::view).toList();
    }

    @GET
    @Path("/{id}/evaluation")
    @RolesAllowed("viewer")
    public DecisionViews.EvaluationView preview(@PathParam("id") String id) {
        DecisionNumber n = DecisionNumber.parse(id);
        return DecisionViews.evaluation(n, evaluation.preview(n, Instant.now()));
    }

    @POST
    @Path("/{id}/evaluate")
    @RolesAllowed("engineer")
    public DecisionViews.EvaluationView evaluate(@PathParam("id") String id) {
        DecisionNumber n = DecisionNumber.parse(id);
        decisions.get(n);
        return DecisionViews.evaluation(n, evaluation.reevaluate(n, "on-demand by " + Caller.of(identity).actor(),
                Instant.now()));
    }

    @GET
    @Path("/{id}/overrides")
    @RolesAllowed("viewer")
    @Operation(summary = "The written overrides of the evidence gate on this decision, oldest first")
    @APIResponse(responseCode = "200", description = "every override, with the architect, reason and statuses")
    @APIResponse(responseCode = "404", description = "no such decision")
    public List<GateOverride> overrides(@PathParam("id") String id) {
        return decisions.overrides(DecisionNumber.parse(id));
    }

    static EntityTag etag(DecisionRow row) {
        return new EntityTag(String.valueOf(row.version()));
    }

    static Integer version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String v = ifMatch.strip().replace("W/", "").replace("\"", "");
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("If-Match must be the ETag of the decision, e.g. \"3\"");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
