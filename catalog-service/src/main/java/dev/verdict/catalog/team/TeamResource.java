package dev.verdict.catalog.team;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
    public KeycloakGroupSync.Result sync() {
        return sync.sync();
    }
}
