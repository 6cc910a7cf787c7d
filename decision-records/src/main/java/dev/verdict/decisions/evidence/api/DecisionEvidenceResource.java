package dev.verdict.decisions.evidence.api;

import dev.verdict.decisions.decision.api.DecisionViews.Page;
import dev.verdict.decisions.decision.service.DecisionService;
import dev.verdict.decisions.evidence.model.EvidenceDocument;
import dev.verdict.decisions.shared.DecisionNumber;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The evidence linked to one decision (explicitly or by subject and criteria), newest first. */
@Path("/api/decisions/{id}/evidence")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionEvidenceResource {

    private final EvidenceResource evidence;
    private final DecisionService decisions;

    public DecisionEvidenceResource(EvidenceResource evidence, DecisionService decisions) {
        this.evidence = evidence;
        this.decisions = decisions;
    }

    @GET
    @RolesAllowed("viewer")
    @Operation(summary = "The evidence linked to the decision (explicitly or by subject and criteria), newest first")
    @APIResponse(responseCode = "200", description = "the page; 'next' is the 'before' of the next page, or null")
    @APIResponse(responseCode = "400", description = "a malformed id or 'before' token, or limit outside 1..500")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such decision, or a 'before' whose id part is not a UUID")
    public Page<EvidenceDocument> list(
            @PathParam("id") String id,
            @QueryParam("kind") String kind,
            @QueryParam("before") String before,
            @QueryParam("limit") Integer limit) {
        DecisionNumber n = DecisionNumber.parse(id);
        decisions.get(n);
        return evidence.page(n, null, kind, before, limit);
    }
}
