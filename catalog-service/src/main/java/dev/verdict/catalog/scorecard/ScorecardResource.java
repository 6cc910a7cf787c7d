package dev.verdict.catalog.scorecard;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
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
    public ScorecardRuleSet rules() {
        return service.ruleSet();
    }
}
