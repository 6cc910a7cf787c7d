package dev.verdict.decisions.decision.api;

import dev.verdict.decisions.criteria.service.EvaluationService;
import dev.verdict.decisions.decision.api.DecisionViews.DecisionInput;
import dev.verdict.decisions.decision.api.DecisionViews.DecisionView;
import dev.verdict.decisions.decision.api.DecisionViews.Page;
import dev.verdict.decisions.decision.api.DecisionViews.Summary;
import dev.verdict.decisions.decision.model.DecisionStatus;
import dev.verdict.decisions.decision.model.GateOverride;
import dev.verdict.decisions.decision.service.DecisionService;
import dev.verdict.decisions.decision.store.DecisionFilter;
import dev.verdict.decisions.decision.store.DecisionRow;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.decisions.timeline.model.TimelineKind;
import dev.verdict.security.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Decisions: create, edit, list and search, status changes, Markdown form, evaluation on demand. */
@Path("/api/decisions")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {

    private final DecisionService decisions;
    private final EvaluationService evaluation;
    private final SecurityIdentity identity;

    public DecisionResource(DecisionService decisions, EvaluationService evaluation, SecurityIdentity identity) {
        this.decisions = decisions;
        this.evaluation = evaluation;
        this.identity = identity;
    }

    public record TransitionRequest(String to, String reason) {}

    public record ReviewRequest(String reason, String override) {}

    public record SupersedeRequest(String by) {}

    @GET
    @RolesAllowed("viewer")
    @Operation(summary = "Search decisions by status, affected entity, tag and text, in number order (keyset paging)")
    @APIResponse(responseCode = "200", description = "the summaries; 'next' is the 'after' of the next page, or null")
    @APIResponse(
            responseCode = "400",
            description = "limit outside 1..500, an unknown status, or an 'after' that is" + " not a decision number")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    public Page<Summary> list(
            @QueryParam("status") String status,
            @QueryParam("entity") String entity,
            @QueryParam("tag") String tag,
            @QueryParam("q") String text,
            @QueryParam("after") String after,
            @QueryParam("limit") Integer limit) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > 500) {
            throw new IllegalArgumentException("limit must be between 1 and 500");
        }
        DecisionStatus s = status == null
                ? null
                : DecisionStatus.fromLabel(status)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "status must be one of proposed, accepted, rejected, deprecated," + " superseded"));
        int afterNumber = after == null ? 0 : DecisionNumber.parse(after).value();
        List<DecisionRow> rows =
                decisions.list(new DecisionFilter(s, blank(entity), blank(tag), blank(text), afterNumber, size));
        String next = rows.size() == size
                ? rows.get(rows.size() - 1).decision().number().toString()
                : null;
        return new Page<>(rows.stream().map(DecisionViews::summary).toList(), next);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("engineer")
    @Operation(summary = "Create a decision: proposed, numbered after the highest, one git commit by the caller")
    @APIResponse(responseCode = "201", description = "the decision; Location is its URL, ETag its version")
    @APIResponse(responseCode = "400", description = "malformed JSON, or a field of the wrong type")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the engineer role")
    @APIResponse(responseCode = "413", description = "the body is larger than the request limit")
    @APIResponse(responseCode = "415", description = "the Content-Type is not application/json")
    @APIResponse(
            responseCode = "422",
            description = "no body, or content that breaks a rule (an invalid criterion" + " comes with the grammar)")
    public Response create(DecisionInput in) {
        DecisionRow row = decisions.create(b -> DecisionViews.apply(in, b), Caller.of(identity));
        return Response.created(URI.create("/api/decisions/" + row.decision().number()))
                .tag(etag(row))
                .entity(DecisionViews.view(row))
                .build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed("viewer")
    @Operation(summary = "One decision with its evidence status; the ETag is its version, for If-Match")
    @APIResponse(responseCode = "200", description = "the decision; ETag its version")
    @APIResponse(responseCode = "400", description = "not a decision number (e.g. ADR-0007)")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such decision")
    public Response get(@PathParam("id") String id) {
        DecisionRow row = decisions.get(DecisionNumber.parse(id));
        return Response.ok(DecisionViews.view(row)).tag(etag(row)).build();
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("engineer")
    @Operation(summary = "Edit a decision's content (not its number or status); absent fields stay as they are")
    @APIResponse(responseCode = "200", description = "the edited decision; ETag its new version")
    @APIResponse(responseCode = "400", description = "malformed JSON or id, or an If-Match that is not an ETag")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the engineer role")
    @APIResponse(responseCode = "404", description = "no such decision")
    @APIResponse(responseCode = "409", description = "a stale If-Match, or the file changed in git since the last pull")
    @APIResponse(responseCode = "413", description = "the body is larger than the request limit")
    @APIResponse(responseCode = "415", description = "the Content-Type is not application/json")
    @APIResponse(
            responseCode = "422",
            description = "no body, or content that breaks a rule (an invalid criterion" + " comes with the grammar)")
    public Response edit(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, DecisionInput in) {
        DecisionRow row = decisions.edit(
                DecisionNumber.parse(id), version(ifMatch), b -> DecisionViews.apply(in, b), Caller.of(identity));
        return Response.ok(DecisionViews.view(row)).tag(etag(row)).build();
    }

    @GET
    @Path("/{id}/markdown")
    @Produces("text/markdown")
    @RolesAllowed("viewer")
    @Operation(summary = "The decision as its canonical MADR Markdown file")
    @APIResponse(responseCode = "200", description = "the file; Content-Location is its path in git, ETag the version")
    @APIResponse(responseCode = "400", description = "not a decision number (e.g. ADR-0007)")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such decision")
    public Response markdown(@PathParam("id") String id) {
        DecisionRow row = decisions.get(DecisionNumber.parse(id));
        return Response.ok(row.content(), "text/markdown; charset=utf-8")
                .tag(etag(row))
                .header("Content-Location", row.path())
                .build();
    }

    @PUT
    @Path("/{id}/markdown")
    @Consumes({"text/markdown", MediaType.TEXT_PLAIN})
    @RolesAllowed("engineer")
    @Operation(summary = "Replace a decision by a Markdown file; a status change must be legal, not accept or reject")
    @APIResponse(responseCode = "200", description = "the decision as read from the file; ETag its new version")
    @APIResponse(
            responseCode = "400",
            description = "an unreadable file (every problem with file and line), a"
                    + " malformed id, or an If-Match that is not an ETag")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the engineer role")
    @APIResponse(responseCode = "404", description = "no such decision")
    @APIResponse(
            responseCode = "409",
            description = "a stale If-Match, a status change the lifecycle forbids or that"
                    + " accepts or rejects (review does), or the file changed in git since the last pull")
    @APIResponse(responseCode = "413", description = "the body is larger than the request limit")
    @APIResponse(responseCode = "415", description = "the Content-Type is not text/markdown or text/plain")
    public Response putMarkdown(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, String body) {
        DecisionRow row = decisions.editMarkdown(
                DecisionNumber.parse(id),
                version(ifMatch),
                body == null ? "" : body,
                Caller.of(identity),
                TimelineKind.EDITED);
        return Response.ok(DecisionViews.view(row))
                .type(MediaType.APPLICATION_JSON)
                .tag(etag(row))
                .build();
    }

    @POST
    @Path("/{id}/transitions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("engineer")
    @Operation(summary = "Change a decision's status; accept, reject and supersede have their own endpoints")
    @APIResponse(responseCode = "200", description = "the decision in its new status")
    @APIResponse(responseCode = "400", description = "malformed JSON, 'to' missing or not a status, or a malformed id")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the engineer role")
    @APIResponse(responseCode = "404", description = "no such decision")
    @APIResponse(
            responseCode = "409",
            description =
                    "the lifecycle forbids it ('allowed' lists the options), 'to' is"
                            + " accepted, rejected or superseded (own endpoints), or the file changed in git since the last pull")
    @APIResponse(responseCode = "413", description = "the body is larger than the request limit")
    @APIResponse(responseCode = "415", description = "the Content-Type is not application/json")
    public DecisionView transition(@PathParam("id") String id, TransitionRequest req) {
        if (req == null || req.to() == null) {
            throw new IllegalArgumentException("'to' is required");
        }
        DecisionStatus to = DecisionStatus.fromLabel(req.to())
                .orElseThrow(() -> new IllegalArgumentException(
                        "'to' must be one of proposed, accepted, rejected, deprecated, superseded"));
        return DecisionViews.view(
                decisions.transition(DecisionNumber.parse(id), to, req.reason(), Caller.of(identity)));
    }

    @POST
    @Path("/{id}/accept")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("architect")
    @Operation(summary = "Accept a proposed decision; the evidence gate wants SUPPORTED evidence or a written override")
    @APIResponse(responseCode = "200", description = "the accepted decision; its file pins the evidence it rests on")
    @APIResponse(responseCode = "400", description = "malformed JSON, or a malformed id")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the architect role")
    @APIResponse(responseCode = "404", description = "no such decision")
    @APIResponse(
            responseCode = "409",
            description = "not proposed ('allowed' lists the options), the evidence gate"
                    + " refuses (not SUPPORTED, no override), or the file changed in git since the last pull")
    @APIResponse(responseCode = "413", description = "the body is larger than the request limit")
    @APIResponse(responseCode = "415", description = "the Content-Type is not application/json")
    public DecisionView accept(@PathParam("id") String id, ReviewRequest req) {
        ReviewRequest r = req == null ? new ReviewRequest(null, null) : req;
        return DecisionViews.view(decisions.review(
                DecisionNumber.parse(id), DecisionStatus.ACCEPTED, r.override(), r.reason(), Caller.of(identity)));
    }

    @POST
    @Path("/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("architect")
    @Operation(summary = "Reject a proposed decision")
    @APIResponse(responseCode = "200", description = "the rejected decision")
    @APIResponse(responseCode = "400", description = "malformed JSON, or a malformed id")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the architect role")
    @APIResponse(responseCode = "404", description = "no such decision")
    @APIResponse(
            responseCode = "409",
            description =
                    "not proposed ('allowed' lists the options), or the file changed" + " in git since the last pull")
    @APIResponse(responseCode = "413", description = "the body is larger than the request limit")
    @APIResponse(responseCode = "415", description = "the Content-Type is not application/json")
    public DecisionView reject(@PathParam("id") String id, ReviewRequest req) {
        ReviewRequest r = req == null ? new ReviewRequest(null, null) : req;
        return DecisionViews.view(decisions.review(
                DecisionNumber.parse(id), DecisionStatus.REJECTED, null, r.reason(), Caller.of(identity)));
    }

    @POST
    @Path("/{id}/supersede")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("engineer")
    @Operation(summary = "Supersede an accepted decision by a proposed or accepted one; both change in one commit")
    @APIResponse(responseCode = "200", description = "both decisions: the superseded one, then its successor")
    @APIResponse(
            responseCode = "400",
            description = "malformed JSON, 'by' missing, a malformed id or 'by', the"
                    + " decision itself, or a successor neither proposed nor accepted")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the engineer role")
    @APIResponse(responseCode = "404", description = "no such decision, or no such successor")
    @APIResponse(
            responseCode = "409",
            description = "the decision is not accepted ('allowed' lists the options), or a"
                    + " file changed in git since the last pull")
    @APIResponse(responseCode = "413", description = "the body is larger than the request limit")
    @APIResponse(responseCode = "415", description = "the Content-Type is not application/json")
    public List<DecisionView> supersede(@PathParam("id") String id, SupersedeRequest req) {
        if (req == null || req.by() == null) {
            throw new IllegalArgumentException("'by' (the successor, e.g. ADR-0009) is required");
        }
        return decisions
                .supersede(DecisionNumber.parse(id), DecisionNumber.parse(req.by()), Caller.of(identity))
                .stream()
                .map(DecisionViews::view)
                .toList();
    }

    @GET
    @Path("/{id}/evaluation")
    @RolesAllowed("viewer")
    @Operation(summary = "Evaluate the decision's criteria against its evidence now, without storing the result")
    @APIResponse(
            responseCode = "200",
            description = "the evidence status it would get, why, and each criterion's"
                    + " result with its deciding evidence")
    @APIResponse(responseCode = "400", description = "not a decision number (e.g. ADR-0007)")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such decision")
    public DecisionViews.EvaluationView preview(@PathParam("id") String id) {
        DecisionNumber n = DecisionNumber.parse(id);
        return DecisionViews.evaluation(n, evaluation.preview(n, Instant.now()));
    }

    @POST
    @Path("/{id}/evaluate")
    @RolesAllowed("engineer")
    @Operation(summary = "Re-evaluate the decision's criteria now and store the evidence status it gets")
    @APIResponse(
            responseCode = "200",
            description = "the stored evaluation: evidence status, why, and each criterion's"
                    + " result with its deciding evidence")
    @APIResponse(responseCode = "400", description = "not a decision number (e.g. ADR-0007)")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the engineer role")
    @APIResponse(responseCode = "404", description = "no such decision")
    public DecisionViews.EvaluationView evaluate(@PathParam("id") String id) {
        DecisionNumber n = DecisionNumber.parse(id);
        decisions.get(n);
        return DecisionViews.evaluation(
                n,
                evaluation.reevaluate(n, "on-demand by " + Caller.of(identity).actor(), Instant.now()));
    }

    @GET
    @Path("/{id}/overrides")
    @RolesAllowed("viewer")
    @Operation(summary = "The written overrides of the evidence gate on this decision, oldest first")
    @APIResponse(responseCode = "200", description = "every override, with the architect, reason and statuses")
    @APIResponse(responseCode = "400", description = "not a decision number (e.g. ADR-0007)")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
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
