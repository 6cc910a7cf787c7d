package dev.verdict.deploy.experiment.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.deploy.experiment.model.ExperimentStatus;
import dev.verdict.deploy.experiment.service.Allocations;
import dev.verdict.deploy.experiment.service.ExperimentService;
import dev.verdict.deploy.experiment.service.Snapshots;
import dev.verdict.deploy.owner.service.Owners;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A/B experiments on catalog components: definitions, lifecycle, phases, history, and allocation over REST. */
@Path("/api/experiments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "experiments")
public class ExperimentResource {

    public record ActionBody(String reason) {}

    public record ConclusionBody(String winner, String reason) {}

    /** One unit: its attributes and, for sticky bucketing, its documents (GrowthBook's shape; ADR-0006). */
    public record AllocationBody(Map<String, Object> attributes, JsonNode stickyBucketAssignmentDocs) {}

    /** Units, and for sticky bucketing one entry of documents per unit (null: none for that unit). */
    public record BatchBody(List<Map<String, Object>> units, JsonNode stickyBucketAssignmentDocs) {}

    public record BatchResult(List<Allocations.Result> allocations) {}

    private final ExperimentService service;
    private final ExperimentQueries queries;
    private final Allocations allocations;
    private final Snapshots snapshots;
    private final SecurityIdentity identity;

    public ExperimentResource(
            ExperimentService service,
            ExperimentQueries queries,
            Allocations allocations,
            Snapshots snapshots,
            SecurityIdentity identity) {
        this.service = service;
        this.queries = queries;
        this.allocations = allocations;
        this.snapshots = snapshots;
        this.identity = identity;
    }

    @POST
    @RolesAllowed("engineer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an experiment as a draft")
    @APIResponse(responseCode = "201", description = "the draft; Location names it")
    @APIResponse(responseCode = "400", description = "the body is not JSON")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "not a member of the component's owner group, nor an admin")
    @APIResponse(responseCode = "404", description = "the catalog has no such component")
    @APIResponse(responseCode = "409", description = "an experiment with this key exists")
    @APIResponse(responseCode = "422", description = "a bad field, each named by JSON pointer")
    public Response create(JsonNode body) {
        var e = service.create(body, member());
        return Response.created(URI.create("/api/experiments/" + e.key))
                .entity(queries.detail(e.key))
                .build();
    }

    @GET
    @RolesAllowed("viewer")
    @Operation(summary = "Experiments, newest first, by component, status and a search in key and hypothesis; paged")
    @APIResponse(responseCode = "200", description = "a page of experiments with the total")
    @APIResponse(responseCode = "400", description = "an unknown status or a bad page or size")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    public ExperimentViews.Page<ExperimentViews.Summary> list(
            @QueryParam("component") String component,
            @QueryParam("status") String status,
            @QueryParam("q") String q,
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("20") int size) {
        return queries.list(
                component, status == null || status.isBlank() ? null : ExperimentStatus.parse(status), q, page, size);
    }

    @GET
    @Path("/{key}")
    @RolesAllowed("viewer")
    @Operation(summary = "An experiment with its definition, phases and conclusion")
    @APIResponse(responseCode = "200", description = "the experiment")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such experiment")
    public ExperimentViews.Detail get(@PathParam("key") String key) {
        return queries.detail(key);
    }

    @PUT
    @Path("/{key}")
    @RolesAllowed("engineer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Replace the definition; a running or stopped experiment takes only changes that keep its"
                    + " allocation")
    @APIResponse(responseCode = "200", description = "the experiment after the change")
    @APIResponse(responseCode = "400", description = "the body is not JSON")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "not a member of the component's owner group, nor an admin")
    @APIResponse(responseCode = "404", description = "no such experiment")
    @APIResponse(responseCode = "409", description = "the change needs a new phase, or the experiment is concluded")
    @APIResponse(responseCode = "422", description = "a bad field, each named by JSON pointer")
    public ExperimentViews.Detail update(@PathParam("key") String key, JsonNode body) {
        service.update(key, body, member());
        return queries.detail(key);
    }

    @POST
    @Path("/{key}/start")
    @RolesAllowed("engineer")
    @Operation(summary = "Start a draft: phase 1, allocation on")
    @APIResponse(responseCode = "200", description = "the running experiment")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "not a member of the component's owner group, nor an admin")
    @APIResponse(responseCode = "404", description = "no such experiment")
    @APIResponse(responseCode = "409", description = "the experiment is not a draft")
    public ExperimentViews.Detail start(@PathParam("key") String key) {
        service.start(key, member());
        return queries.detail(key);
    }

    @POST
    @Path("/{key}/phases")
    @RolesAllowed("engineer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Start a new phase with a new seed, optionally new weights and coverage; existingUnits (reassign,"
                    + " exclude, keep) says what happens to units with sticky assignments (ADR-0006)")
    @APIResponse(responseCode = "200", description = "the experiment in its new phase")
    @APIResponse(responseCode = "400", description = "the body is not JSON")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "not a member of the component's owner group, nor an admin")
    @APIResponse(responseCode = "404", description = "no such experiment")
    @APIResponse(responseCode = "409", description = "the experiment is a draft or concluded")
    @APIResponse(responseCode = "422", description = "bad weights, coverage, seed or existingUnits")
    public ExperimentViews.Detail newPhase(@PathParam("key") String key, JsonNode body) {
        service.newPhase(key, body, member());
        return queries.detail(key);
    }

    @POST
    @Path("/{key}/stop")
    @RolesAllowed("engineer")
    @Operation(summary = "Stop a running experiment: every unit sees the control again")
    @APIResponse(responseCode = "200", description = "the stopped experiment")
    @APIResponse(responseCode = "400", description = "the body is not JSON")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "not a member of the component's owner group, nor an admin")
    @APIResponse(responseCode = "404", description = "no such experiment")
    @APIResponse(responseCode = "409", description = "the experiment is not running")
    public ExperimentViews.Detail stop(@PathParam("key") String key, ActionBody body) {
        service.stop(key, body == null ? null : body.reason(), member());
        return queries.detail(key);
    }

    @POST
    @Path("/{key}/conclude")
    @RolesAllowed("engineer")
    @Operation(summary = "Conclude a stopped experiment with its winner (or none) and the reason")
    @APIResponse(responseCode = "200", description = "the concluded experiment")
    @APIResponse(responseCode = "400", description = "the body is not JSON")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "not a member of the component's owner group, nor an admin")
    @APIResponse(responseCode = "404", description = "no such experiment")
    @APIResponse(responseCode = "409", description = "the experiment is not stopped")
    @APIResponse(responseCode = "422", description = "the winner is not a variation")
    public ExperimentViews.Detail conclude(@PathParam("key") String key, ConclusionBody body) {
        service.conclude(key, body == null ? null : body.winner(), body == null ? null : body.reason(), member());
        return queries.detail(key);
    }

    @GET
    @Path("/{key}/history")
    @RolesAllowed("viewer")
    @Operation(summary = "Every change with its actor, oldest first; paged")
    @APIResponse(responseCode = "200", description = "a page of history entries")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such experiment")
    public ExperimentViews.Page<ExperimentViews.HistoryEntry> history(
            @PathParam("key") String key,
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("100") int size) {
        return queries.history(key, page, size);
    }

    @GET
    @Path("/{key}/results")
    @RolesAllowed("viewer")
    @Operation(
            summary = "The newest analysis of the current phase: SRM, lifts, CUPED, confidence sequences, guardrails")
    @APIResponse(responseCode = "200", description = "the newest snapshot")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such experiment, or no analysis yet")
    public ExperimentViews.Results results(@PathParam("key") String key) {
        return queries.results(key);
    }

    @GET
    @Path("/{key}/snapshots")
    @RolesAllowed("viewer")
    @Operation(summary = "Every analysis snapshot, newest first; paged")
    @APIResponse(responseCode = "200", description = "a page of snapshots")
    @APIResponse(responseCode = "400", description = "a bad page or size")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such experiment")
    public ExperimentViews.Page<ExperimentViews.Results> snapshots(
            @PathParam("key") String key,
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("20") int size) {
        return queries.snapshots(key, page, size);
    }

    @POST
    @Path("/{key}/analyses")
    @RolesAllowed("engineer")
    @Operation(summary = "Analyse now instead of at the next scheduled round; publishes the snapshot as evidence")
    @APIResponse(responseCode = "200", description = "the new snapshot")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "not a member of the component's owner group, nor an admin")
    @APIResponse(responseCode = "404", description = "no such experiment, or nothing counted yet")
    @APIResponse(responseCode = "409", description = "another replica is analysing it right now")
    public ExperimentViews.Results analyse(@PathParam("key") String key) {
        service.checkMayChange(key, member());
        return queries.results(snapshots.analyseNow(key));
    }

    @POST
    @Path("/{key}/allocation")
    @RolesAllowed("viewer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "The variation of one unit, as the SDK would allocate it; with the unit's sticky bucket documents,"
                            + " the documents to save come back")
    @APIResponse(responseCode = "200", description = "the unit's variation and whether it is in the experiment")
    @APIResponse(responseCode = "400", description = "the body is not JSON")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such experiment")
    @APIResponse(
            responseCode = "422",
            description = "no attributes, or a bad sticky bucket document, each fault named by JSON pointer")
    public Allocations.Result allocate(@PathParam("key") String key, AllocationBody body) {
        return allocations.allocate(
                key, body == null ? null : body.attributes(), body == null ? null : body.stickyBucketAssignmentDocs());
    }

    @POST
    @Path("/{key}/allocations")
    @RolesAllowed("viewer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The variations of up to 10,000 units in one call")
    @APIResponse(responseCode = "200", description = "one result per unit, in order")
    @APIResponse(responseCode = "400", description = "the body is not JSON")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such experiment")
    @APIResponse(
            responseCode = "422",
            description = "no list of units, more than 10,000, or bad sticky bucket documents (by JSON pointer)")
    public BatchResult allocateAll(@PathParam("key") String key, BatchBody body) {
        List<Map<String, ?>> units = body == null || body.units() == null ? null : new ArrayList<>(body.units());
        return new BatchResult(
                allocations.allocateAll(key, units, body == null ? null : body.stickyBucketAssignmentDocs()));
    }

    private Owners.Member member() {
        return Owners.member(identity);
    }
}
