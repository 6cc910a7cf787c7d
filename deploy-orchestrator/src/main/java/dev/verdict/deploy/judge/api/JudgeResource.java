package dev.verdict.deploy.judge.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.deploy.judge.service.JudgeService;
import dev.verdict.judge.JudgeResult;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The canary judge over REST: config + thresholds + data in, the judgement out; nothing is stored. */
@Path("/api/judge")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class JudgeResource {

    private final JudgeService judges;

    public JudgeResource(JudgeService judges) {
        this.judges = judges;
    }

    @POST
    @RolesAllowed("viewer")
    @Operation(
            summary = "Judge a canary against its baseline: a Kayenta canary config, score thresholds and each"
                    + " metric's points in, every metric's classification with its reason and numbers, the group"
                    + " scores and the summary out")
    @APIResponse(responseCode = "200", description = "the judgement; the same request always gives the same one")
    @APIResponse(responseCode = "400", description = "the body is not JSON; the problem says where it broke")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "413", description = "the body is larger than verdict.problem.max-body-bytes")
    @APIResponse(
            responseCode = "422",
            description = "the config, thresholds or points are invalid: every bad field as a JSON pointer")
    public JudgeResult judge(JsonNode request) {
        return judges.judge(request);
    }
}
