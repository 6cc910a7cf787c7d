package dev.verdict.decisions.gitmirror.api;

import dev.verdict.decisions.config.DecisionsConfig;
import dev.verdict.decisions.gitmirror.service.GitSync;
import dev.verdict.decisions.gitmirror.store.GitHistory;
import dev.verdict.decisions.gitmirror.store.GitMirror;
import dev.verdict.decisions.gitmirror.store.GitStateStore;
import dev.verdict.decisions.replica.ReplicaId;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The git mirror: sync now (the schedule does it anyway) and its status. */
@Path("/api/git")
@Produces(MediaType.APPLICATION_JSON)
public class GitResource {

    /**
     * The mirror as this replica sees it ({@code local}: its clone; {@code remote}: the configured URL) and as the
     * latest sync of any replica left it ({@code lastSync}, with the files it could not apply), plus the newest
     * same-file conflicts (git won; the service's version is on the decision's timeline).
     */
    public record Status(
            boolean enabled,
            String remote,
            String branch,
            String replica,
            GitHistory.LocalStatus local,
            GitStateStore.SyncState lastSync,
            List<GitStateStore.Conflict> conflicts) {}

    private final GitSync sync;
    private final GitMirror git;
    private final GitHistory history;
    private final GitStateStore state;
    private final ReplicaId replica;
    private final DecisionsConfig config;

    public GitResource(
            GitSync sync,
            GitMirror git,
            GitHistory history,
            GitStateStore state,
            ReplicaId replica,
            DecisionsConfig config) {
        this.sync = sync;
        this.git = git;
        this.history = history;
        this.state = state;
        this.replica = replica;
        this.config = config;
    }

    @POST
    @Path("pull")
    @RolesAllowed("architect")
    @Operation(summary = "Sync with git now: apply files edited or added there, export the service's changes")
    @APIResponse(
            responseCode = "200",
            description = "the decisions updated, created and exported, the same-file"
                    + " conflicts (git won), and files not applied")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the architect role")
    @APIResponse(responseCode = "503", description = "the remote or local clone cannot be read or written; retry later")
    public GitSync.PullResult pull() {
        return sync.pull();
    }

    @GET
    @Path("status")
    @RolesAllowed("viewer")
    @Operation(summary = "The git mirror: this replica's clone, the remote, the latest sync and the newest conflicts")
    @APIResponse(
            responseCode = "200",
            description = "the mirror's status, with up to 'conflicts' (default 20, at most"
                    + " 200) of the newest conflicts")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "503", description = "the local repository cannot be read")
    public Status status(@QueryParam("conflicts") Integer limit) {
        int n = limit == null ? 20 : Math.max(0, Math.min(limit, 200));
        return new Status(
                git.enabled(),
                config.git().remote().orElse(null),
                config.git().branch(),
                replica.id(),
                history.localStatus(),
                state.state().orElse(null),
                state.conflicts(n, false));
    }
}
