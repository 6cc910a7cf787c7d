package dev.verdict.decisions.review.api;

import dev.verdict.decisions.decision.api.DecisionViews.Page;
import dev.verdict.decisions.review.model.Comment;
import dev.verdict.decisions.review.service.ReviewService;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.security.Caller;
import dev.verdict.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Review comments on a decision. */
@Path("/api/decisions/{id}/comments")
@Produces(MediaType.APPLICATION_JSON)
public class ReviewResource {

    private final ReviewService reviews;
    private final SecurityIdentity identity;

    public ReviewResource(ReviewService reviews, SecurityIdentity identity) {
        this.reviews = reviews;
        this.identity = identity;
    }

    public record CommentRequest(String body) {}

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "A page of the decision's review comments, oldest first (keyset paging by id)")
    @APIResponse(responseCode = "200", description = "the page; 'next' is the 'after' of the next page, or null")
    @APIResponse(responseCode = "400", description = "not a decision number (e.g. ADR-0007)")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such decision")
    public Page<Comment> comments(
            @PathParam("id") String id, @QueryParam("after") Long after, @QueryParam("limit") Integer limit) {
        int size = limit == null ? 100 : Math.max(1, Math.min(limit, 1000));
        List<Comment> page = reviews.comments(DecisionNumber.parse(id), after == null ? 0 : after, size);
        return new Page<>(
                page,
                page.size() == size ? String.valueOf(page.get(page.size() - 1).id()) : null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ENGINEER)
    @Operation(summary = "Comments on the decision; the comment is also a timeline entry")
    @APIResponse(responseCode = "201", description = "the stored comment")
    @APIResponse(
            responseCode = "400",
            description = "an empty body, or one over 20,000 characters; malformed JSON, or" + " a malformed id")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the engineer role")
    @APIResponse(responseCode = "404", description = "no such decision")
    @APIResponse(responseCode = "413", description = "the body is larger than the request limit")
    @APIResponse(responseCode = "415", description = "the Content-Type is not application/json")
    public Response comment(@PathParam("id") String id, CommentRequest req) {
        Comment c = reviews.comment(DecisionNumber.parse(id), Caller.of(identity), req == null ? null : req.body());
        return Response.status(201).entity(c).build();
    }
}
