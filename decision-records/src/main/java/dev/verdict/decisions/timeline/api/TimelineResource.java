package dev.verdict.decisions.timeline.api;

import dev.verdict.decisions.decision.api.DecisionViews.Page;
import dev.verdict.decisions.decision.service.DecisionService;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.decisions.timeline.model.TimelineEntry;
import dev.verdict.decisions.timeline.store.TimelineStore;
import dev.verdict.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** A decision's timeline: edits, transitions, evidence, evidence-status changes, review, in order, paged by id. */
@Path("/api/decisions/{id}/timeline")
@Produces(MediaType.APPLICATION_JSON)
public class TimelineResource {

    private final TimelineStore timeline;
    private final DecisionService decisions;

    public TimelineResource(TimelineStore timeline, DecisionService decisions) {
        this.timeline = timeline;
        this.decisions = decisions;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "A page of the decision's timeline, oldest first (keyset paging by id)")
    @APIResponse(responseCode = "200", description = "the page; 'next' is the 'after' of the next page, or null")
    @APIResponse(responseCode = "400", description = "limit outside 1..1000, or an id that is not a decision number")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such decision")
    public Page<TimelineEntry> page(
            @PathParam("id") String id, @QueryParam("after") Long after, @QueryParam("limit") Integer limit) {
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000");
        }
        DecisionNumber n = DecisionNumber.parse(id);
        decisions.get(n);
        List<TimelineEntry> entries = timeline.page(n, after == null ? 0 : after, size);
        String next = entries.size() == size
                ? String.valueOf(entries.get(entries.size() - 1).id())
                : null;
        return new Page<>(entries, next);
    }
}
