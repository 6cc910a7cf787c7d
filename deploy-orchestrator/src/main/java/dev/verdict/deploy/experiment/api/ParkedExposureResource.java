package dev.verdict.deploy.experiment.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the experiment aggregation could not count (unknown experiment, wrong phase, unreadable...), with why. */
@Path("/api/experiment-parked")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "experiments")
public class ParkedExposureResource {

    private final ExperimentQueries queries;

    public ParkedExposureResource(ExperimentQueries queries) {
        this.queries = queries;
    }

    @GET
    @RolesAllowed("viewer")
    @Operation(summary = "Parked experiment inputs, newest first, optionally of one kind (e.g. NO_EXPERIMENT); paged")
    @APIResponse(responseCode = "200", description = "a page of parked inputs with their reasons")
    @APIResponse(responseCode = "400", description = "a bad page or size")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    public ExperimentViews.Page<ExperimentViews.ParkedEvent> list(
            @QueryParam("kind") String kind,
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        return queries.parked(kind, page, size);
    }
}
