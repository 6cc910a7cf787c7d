package dev.verdict.decisions.review;

import dev.verdict.decisions.decision.api.DecisionViews.Page;
import dev.verdict.decisions.decision.model.DecisionNumber;
import dev.verdict.decisions.decision.service.DecisionService;
import dev.verdict.security.Caller;
import dev.verdict.decisions.timeline.TimelineStore;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Review comments on a decision, and the record of evidence-gate overrides. */
@Path("/api/decisions/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class ReviewResource {

    @Inject
    ReviewStore reviews;

    @Inject
    TimelineStore timeline;

    @Inject
    DecisionService decisions;

    @Inject
    SecurityIdentity identity;

    public record CommentRequest(String body) {
    }

    @GET
    @Path("/comments")
    @RolesAllowed("viewer")
    public Page<ReviewStore.Comment> comments(@PathParam("id") String id, @QueryParam("after") Long after,
            @QueryParam("limit") Integer limit) {
        int size = limit == null ? 100 : Math.max(1, Math.min(limit, 1000));
        DecisionNumber n = DecisionNumber.parse(id);
        decisions.get(n);
        List<ReviewStore.Comment> page = reviews.comments(n, after == null ? 0 : after, size);
        return new Page<>(page, page.size() == size ? String.valueOf(page.get(page.size() - 1).id()) : null);
    }

    @POST
    @Path("/comments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("engineer")
    @Transactional
    public Response comment(@PathParam("id") String id, CommentRequest req) {
        if (req == null || req.body() == null || req.body().isBlank()) {
            throw new IllegalArgumentException("a comment needs a non-empty 'body'");
        }
        if (req.body().length() > 20_000) {
            throw new IllegalArgumentException("a comment is at most 20000 characters");
        }
        DecisionNumber n = DecisionNumber.parse(id);
        decisions.get(n);
        Caller caller = Caller.of(identity);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ReviewStore.Comment c = reviews.comment(n, caller.name(), req.body(), now);
        timeline.append(n, now, caller.actor(), "comment", abbreviate(req.body()), Map.of("comment", c.id()));
        return Response.status(201).entity(c).build();
    }

    @GET
    @Path("/overrides")
    @RolesAllowed("viewer")
    public List<ReviewStore.Override> overrides(@PathParam("id") String id) {
        DecisionNumber n = DecisionNumber.parse(id);
        decisions.get(n);
        return reviews.overrides(n);
    }

    private static String abbreviate(String s) {
        String one = s.strip().replaceAll("\\s+", " ");
        return one.length() <= 120 ? one : one.substring(0, 117) + "...";
    }
}
