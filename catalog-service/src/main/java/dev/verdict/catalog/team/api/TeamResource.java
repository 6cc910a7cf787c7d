package dev.verdict.catalog.team.api;

import dev.verdict.catalog.team.service.KeycloakGroupSync;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** On-demand Keycloak group sync (it also runs after team changes and periodically). */
@Path("/api/teams/sync")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "teams")
public class TeamResource {

    private final KeycloakGroupSync sync;

    public TeamResource(KeycloakGroupSync sync) {
        this.sync = sync;
    }

    @POST
    @RolesAllowed("admin")
    @Operation(summary = "Sync catalog Groups and their members to Keycloak groups now")
    @APIResponse(
            responseCode = "200",
            description = "groups created and deleted, members added and removed, and"
                    + " catalog users Keycloak does not know")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the admin role")
    @APIResponse(
            responseCode = "502",
            description = "the Keycloak admin API failed (problem type keycloak-unavailable)")
    @APIResponse(
            responseCode = "503",
            description = "the sync is not configured: no Keycloak URL or client secret"
                    + " (problem type team-sync-not-configured, naming the keys)")
    public KeycloakGroupSync.Result sync() {
        return sync.sync();
    }
}
