package dev.verdict.catalog.location.api;

import dev.verdict.catalog.location.git.GitFetcher;
import dev.verdict.catalog.location.service.LocationRefresher;
import dev.verdict.catalog.location.service.RefreshResult;
import dev.verdict.catalog.location.store.LocationStore;
import dev.verdict.problem.NotFoundException;
import dev.verdict.security.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Git locations: register a repository (URL, branch, path glob), read its status, refresh it, remove it. */
@Path("/api/locations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "locations")
public class LocationResource {

    public record NewLocation(String url, String branch, String path) {}

    public record LocationView(
            LocationDto location,
            List<LocationStore.Conflict> conflicts,
            Map<String, String> fileErrors,
            Map<String, List<String>> fileWarnings) {}

    public record Registered(LocationDto location, RefreshResult refresh) {}

    private final LocationStore store;
    private final LocationRefresher refresher;
    private final SecurityIdentity identity;

    public LocationResource(LocationStore store, LocationRefresher refresher, SecurityIdentity identity) {
        this.store = store;
        this.refresher = refresher;
        this.identity = identity;
    }

    @POST
    @RolesAllowed("engineer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a git location and import it at once; a clone error is shown on the location")
    @APIResponse(
            responseCode = "201",
            description = "the location (the existing one for the same url, branch and path)"
                    + " and what its first refresh did")
    @APIResponse(
            responseCode = "400",
            description = "malformed JSON, no url, a url that is not file://, http:// or"
                    + " https://, or an invalid branch name or path glob")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the engineer role")
    @APIResponse(responseCode = "413", description = "the body is larger than the submission limit")
    @APIResponse(responseCode = "415", description = "the Content-Type is not application/json")
    public Response register(NewLocation body) {
        if (body == null || body.url() == null || body.url().isBlank()) {
            throw new IllegalArgumentException("url is required");
        }
        GitFetcher.checkUrl(body.url());
        String branch = body.branch() == null || body.branch().isBlank() ? "main" : body.branch();
        String glob = body.path() == null || body.path().isBlank() ? "**/catalog-info.yaml" : body.path();
        if (branch.contains("..") || branch.startsWith("-")) {
            throw new IllegalArgumentException("invalid branch name");
        }
        GitFetcher.checkGlob(glob);
        LocationStore.Location loc =
                store.create(body.url(), branch, glob, Caller.of(identity).actor());
        RefreshResult r = refresher.refresh(loc.id());
        return Response.status(201)
                .entity(new Registered(LocationDto.of(store.find(loc.id()).orElseThrow()), r))
                .build();
    }

    @GET
    @RolesAllowed("viewer")
    @Operation(summary = "Every git location with its last refresh, commit, error and entity count")
    @APIResponse(responseCode = "200", description = "every location, its URL without credentials")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    public List<LocationDto> list() {
        return store.list().stream().map(LocationDto::of).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed("viewer")
    @Operation(summary = "A location with its last refresh, error, conflicts and per-file errors")
    @APIResponse(
            responseCode = "200",
            description = "the location, its conflicts (entities of its files that another"
                    + " location provides) and each file's error")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such location")
    public LocationView get(@PathParam("id") long id) {
        LocationStore.Location loc = store.find(id).orElseThrow(() -> new NotFoundException("no location " + id));
        return new LocationView(LocationDto.of(loc), store.conflicts(id), store.fileErrors(id), store.fileWarnings(id));
    }

    @POST
    @Path("/{id}/refresh")
    @RolesAllowed("engineer")
    @Operation(summary = "Refresh a location now (skips files whose content did not change)")
    @APIResponse(
            responseCode = "200",
            description = "what the refresh did; status ok, failed (clone or fetch error,"
                    + " entities untouched) or busy (being refreshed)")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the engineer role")
    @APIResponse(responseCode = "404", description = "no such location")
    public RefreshResult refresh(@PathParam("id") long id) {
        return refresher.refresh(id);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("engineer")
    @Operation(summary = "Remove a location; its entities become orphans and are deleted after the grace period")
    @APIResponse(responseCode = "204", description = "removed; its entities are orphans now")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(
            responseCode = "403",
            description = "the token lacks the engineer role, or the location holds entities of an owner the caller"
                    + " is not a member of (only its registrant, members of its entities' owners and admins may"
                    + " remove it)")
    @APIResponse(responseCode = "404", description = "no such location")
    @APIResponse(responseCode = "409", description = "the location is being refreshed; retry")
    public Response delete(@PathParam("id") long id) {
        refresher.remove(id, Caller.of(identity));
        return Response.noContent().build();
    }
}
