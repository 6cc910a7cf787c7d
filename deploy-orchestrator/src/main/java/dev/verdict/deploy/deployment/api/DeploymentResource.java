package dev.verdict.deploy.deployment.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.deploy.deployment.model.DeploymentStatus;
import dev.verdict.deploy.deployment.service.DeploymentService;
import dev.verdict.deploy.owner.service.Owners;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Canary deployments: trigger, list, read with steps, judgements, timeline and series; promote, abort, retry. */
@Path("/api/deployments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "deployments")
public class DeploymentResource {

    /** The body of a manual action. */
    public record ActionBody(String reason) {}

    private final DeploymentService service;
    private final DeploymentQueries queries;
    private final SecurityIdentity identity;

    public DeploymentResource(DeploymentService service, DeploymentQueries queries, SecurityIdentity identity) {
        this.service = service;
        this.queries = queries;
        this.identity = identity;
    }

    @POST
    @RolesAllowed("engineer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Deploy a version of a catalog component as a canary judged against a fresh baseline")
    @APIResponse(responseCode = "201", description = "the deployment, PENDING; Location names it")
    @APIResponse(responseCode = "400", description = "the body is not JSON")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "not a member of the component's owner group, nor an admin")
    @APIResponse(responseCode = "404", description = "the catalog has no such component")
    @APIResponse(responseCode = "409", description = "a deployment of the component has not finished")
    @APIResponse(responseCode = "422", description = "a bad field, each named by JSON pointer")
    public Response trigger(JsonNode body) {
        var d = service.trigger(body, member());
        return Response.created(URI.create("/api/deployments/" + d.id))
                .entity(queries.detail(d.id))
                .build();
    }

    @GET
    @RolesAllowed("viewer")
    @Operation(summary = "Deployments, newest first, optionally of one component and one status; paged")
    @APIResponse(responseCode = "200", description = "a page of deployments with the total")
    @APIResponse(responseCode = "400", description = "an unknown status or a bad page or size")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    public DeploymentViews.Page<DeploymentViews.Summary> list(
            @QueryParam("component") String component,
            @QueryParam("status") String status,
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("20") int size) {
        return queries.list(
                component, status == null || status.isBlank() ? null : DeploymentStatus.parse(status), page, size);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed("viewer")
    @Operation(summary = "A deployment with its steps, placements and judgements")
    @APIResponse(responseCode = "200", description = "the deployment")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such deployment")
    public DeploymentViews.Detail get(@PathParam("id") UUID id) {
        return queries.detail(id);
    }

    @GET
    @Path("/{id}/timeline")
    @RolesAllowed("viewer")
    @Operation(summary = "Every step, weight change, judgement, outcome and manual action, oldest first; paged")
    @APIResponse(responseCode = "200", description = "a page of timeline entries")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such deployment")
    public DeploymentViews.Page<DeploymentViews.TimelineEntry> timeline(
            @PathParam("id") UUID id,
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("100") int size) {
        return queries.timeline(id, page, size);
    }

    @GET
    @Path("/{id}/judgements/{judgement}")
    @RolesAllowed("viewer")
    @Operation(summary = "One judgement: result with every metric's reason and numbers, and its input for /api/judge")
    @APIResponse(responseCode = "200", description = "the judgement")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such deployment or judgement")
    public DeploymentViews.Judgement judgement(@PathParam("id") UUID id, @PathParam("judgement") UUID judgement) {
        return queries.judgement(id, judgement);
    }

    @GET
    @Path("/{id}/series")
    @RolesAllowed("viewer")
    @Operation(summary = "One metric's canary and baseline points per judged window, for charts")
    @APIResponse(responseCode = "200", description = "the metric's points")
    @APIResponse(responseCode = "400", description = "no metric given")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such deployment, or the config has no such metric")
    public DeploymentViews.Series series(@PathParam("id") UUID id, @QueryParam("metric") String metric) {
        return queries.series(id, metric);
    }

    @POST
    @Path("/{id}/{action: promote|promote-full|abort|retry}")
    @RolesAllowed("engineer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "promote (past a pause), promote-full (skip the remaining steps), abort (roll back), retry (a new"
                    + " deployment of the same request); the reason is kept on the timeline")
    @APIResponse(responseCode = "200", description = "the deployment after the action (for retry: the new one)")
    @APIResponse(responseCode = "400", description = "the body is not JSON")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "not a member of the component's owner group, nor an admin")
    @APIResponse(responseCode = "404", description = "no such deployment")
    @APIResponse(responseCode = "409", description = "the action does not apply to the deployment's status")
    public DeploymentViews.Detail act(@PathParam("id") UUID id, @PathParam("action") String action, ActionBody body) {
        var d = service.act(
                id,
                DeploymentService.Action.valueOf(action.toUpperCase(Locale.ROOT).replace('-', '_')),
                body == null ? null : body.reason(),
                member());
        return queries.detail(d.id);
    }

    private Owners.Member member() {
        return Owners.member(identity);
    }
}
