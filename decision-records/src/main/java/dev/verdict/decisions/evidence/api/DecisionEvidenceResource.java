package dev.verdict.decisions.evidence.api;

import dev.verdict.decisions.decision.api.DecisionViews.Page;
import dev.verdict.decisions.decision.model.DecisionNumber;
import dev.verdict.decisions.decision.service.DecisionService;
import dev.verdict.decisions.evidence.EvidenceDocument;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The evidence linked to one decision (explicitly or by subject and criteria), newest first. */
@Path("/api/decisions/{id}/evidence")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionEvidenceResource {

    @Inject
    EvidenceResource evidence;

    @Inject
    DecisionService decisions;

    @GET
    @RolesAllowed("viewer")
    public Page<EvidenceDocument> list(@PathParam("id") String id, @QueryParam("kind") String kind,
            @QueryParam("before") String before, @QueryParam("limit") Integer limit) {
        DecisionNumber n = DecisionNumber.parse(id);
        decisions.get(n);
        return evidence.page(n, null, kind, before, limit);
    }
}
