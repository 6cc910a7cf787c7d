package dev.verdict.decisions.gitmirror;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Pull direct edits from the decisions repository now (the schedule does it anyway). */
@Path("/api/git/pull")
@Produces(MediaType.APPLICATION_JSON)
public class GitResource {

    @Inject
    GitSync sync;

    @POST
    @RolesAllowed("architect")
    public GitSync.PullResult pull() {
        return sync.pull();
    }
}
