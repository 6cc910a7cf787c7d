package dev.verdict.decisions.gitmirror;

import dev.verdict.decisions.replica.ReplicaId;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The git mirror: sync now (the schedule does it anyway) and its status. */
@Path("/api/git")
@Produces(MediaType.APPLICATION_JSON)
public class GitResource {

    /**
     * The mirror as this replica sees it ({@code local}: its clone; {@code remote}: the configured URL) and as the
     * latest sync of any replica left it ({@code lastSync}, with the files it could not apply), plus the newest
     * same-file conflicts (git won; the service's version is on the decision's timeline).
     */
    public record Status(boolean enabled, String remote, String branch, String replica, GitMirror.LocalStatus local,
            GitStateStore.SyncState lastSync, List<GitStateStore.Conflict> conflicts) {
    }

    @Inject
    GitSync sync;

    @Inject
    GitMirror git;

    @Inject
    GitStateStore state;

    @Inject
    ReplicaId replica;

    @Inject
    dev.verdict.decisions.config.DecisionsConfig config;

    @POST
    @Path("pull")
    @RolesAllowed("architect")
    public GitSync.PullResult pull() {
        return sync.pull();
    }

    @GET
    @Path("status")
    @RolesAllowed("viewer")
    public Status status(@QueryParam("conflicts") Integer limit) {
        int n = limit == null ? 20 : Math.max(0, Math.min(limit, 200));
        return new Status(git.enabled(), config.git().remote().orElse(null), config.git().branch(), replica.id(),
                git.localStatus(), state.state().orElse(null), state.conflicts(n, false));
    }
}
