package dev.verdict.decisions.timeline;

import dev.verdict.decisions.decision.api.DecisionViews.Page;
import dev.verdict.decisions.decision.model.DecisionNumber;
import dev.verdict.decisions.decision.service.DecisionService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** A decision's timeline: edits, transitions, evidence, evidence-status changes, review, in order, paged by id. */
@Path("/api/decisions/{id}/timeline")
@Produces(MediaType.APPLICATION_JSON)
public class TimelineResource {

    @Inject
    TimelineStore timeline;

    @Inject
    DecisionService decisions;

    @GET
    @RolesAllowed("viewer")
    public Page<TimelineEntry> page(@PathParam("id") String id, @QueryParam("after") Long after,
            @QueryParam("limit") Integer limit) {
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000");
        }
        DecisionNumber n = DecisionNumber.parse(id);
        decisions.get(n);
        List<TimelineEntry> entries = timeline.page(n, after == null ? 0 : after, size);
        String next = entries.size() == size ? String.valueOf(entries.get(entries.size() - 1).id()) : null;
        return new Page<>(entries, next);
    }
}
