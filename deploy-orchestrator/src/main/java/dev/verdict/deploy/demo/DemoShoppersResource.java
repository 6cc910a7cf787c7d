package dev.verdict.deploy.demo;

import dev.verdict.problem.ConflictException;
import dev.verdict.problem.UnprocessableException;
import dev.verdict.problem.Violation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The local demo's simulated shoppers ({@link DemoShoppers}): how they run, and a pause for admins. */
@Path("/api/demo/shoppers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "demo")
public class DemoShoppersResource {

    /** The body of a pause or resume. */
    public record PauseBody(Boolean paused) {}

    private final DemoShoppers shoppers;

    public DemoShoppersResource(DemoShoppers shoppers) {
        this.shoppers = shoppers;
    }

    @GET
    @RolesAllowed("viewer")
    @Operation(summary = "The demo's simulated shoppers: rate per second, experiment, paused or not, users so far")
    @APIResponse(responseCode = "200", description = "the shoppers' state")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    public DemoShoppers.View get() {
        return shoppers.view();
    }

    @PUT
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Pause or resume the simulated shoppers ({\"paused\": true}); orders already due still arrive")
    @APIResponse(responseCode = "200", description = "the shoppers' state after the change")
    @APIResponse(responseCode = "400", description = "the body is not JSON")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the admin role")
    @APIResponse(
            responseCode = "409",
            description = "no simulated shoppers run here (VERDICT_DEPLOY_DEMO_SHOPPERS is 0)")
    @APIResponse(responseCode = "422", description = "the body has no boolean paused")
    public DemoShoppers.View pause(PauseBody body) {
        if (body == null || body.paused() == null) {
            throw new UnprocessableException(
                    "say whether the shoppers are paused",
                    List.of(Violation.at("/paused", "required: true to pause, false to resume")));
        }
        if (!shoppers.pause(body.paused())) {
            throw new ConflictException(
                    "no-shoppers",
                    "No simulated shoppers run in this orchestrator: start it with VERDICT_DEPLOY_DEMO_SHOPPERS > 0"
                            + " (./verdict up sets 20)");
        }
        return shoppers.view();
    }
}
