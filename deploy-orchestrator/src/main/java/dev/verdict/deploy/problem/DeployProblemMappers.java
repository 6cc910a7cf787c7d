package dev.verdict.deploy.problem;

import dev.verdict.judge.config.InvalidConfigException;
import dev.verdict.problem.Problem;
import dev.verdict.problem.Violation;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The error bodies of the orchestrator's own exceptions, on the shared {@link Problem} shape (libs/problem). */
public class DeployProblemMappers {

    /** 422: a canary config, thresholds or judge input that cannot be used; every bad field by JSON pointer. */
    @ServerExceptionMapper
    public Response invalidConfig(InvalidConfigException e) {
        return Problem.of("invalid-canary-config", "Invalid canary config", 422, e.getMessage())
                .withViolations(e.errors().stream()
                        .map(x -> Violation.at(x.pointer(), x.message()))
                        .toList())
                .toResponse();
    }
}
