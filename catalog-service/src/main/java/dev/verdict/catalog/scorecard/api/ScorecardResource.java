package dev.verdict.catalog.scorecard.api;

import dev.verdict.catalog.scorecard.service.ScorecardRuleSet;
import dev.verdict.catalog.scorecard.service.ScorecardService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The rule set in force, so users can see what a level requires. */
@Path("/api/scorecards/rules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "scorecards")
public class ScorecardResource {

    private final ScorecardService service;

    public ScorecardResource(ScorecardService service) {
        this.service = service;
    }

    @GET
    @RolesAllowed("viewer")
    @Operation(summary = "The scorecard rule set in force: the levels, lowest first, and the rules of each")
    @APIResponse(
            responseCode = "200",
            description =
                    "the levels and every rule: its level, the kinds it applies to," + " its precondition and check")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    public ScorecardRuleSet rules() {
        return service.ruleSet();
    }
}
