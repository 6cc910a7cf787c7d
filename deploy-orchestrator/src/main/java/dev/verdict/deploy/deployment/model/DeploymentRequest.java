package dev.verdict.deploy.deployment.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.judge.config.CanaryConfig;
import dev.verdict.judge.config.Thresholds;
import dev.verdict.plugin.Artifact;
import java.util.List;

/**
 * A checked trigger: what to deploy, how to judge it, in which steps.
 *
 * @param component canonical catalog ref, {@code component:default/payments-api}
 * @param runtime the canary's runtime (a JDK home or feature version for the target), null for the default
 * @param configJson the Kayenta canary config as sent, stored unchanged
 * @param decision optional decision the judgements are evidence for, e.g. {@code ADR-0002}
 */
public record DeploymentRequest(
        String component,
        String version,
        Artifact artifact,
        String runtime,
        int instances,
        CanaryConfig config,
        JsonNode configJson,
        Thresholds thresholds,
        List<Step> steps,
        String decision) {}
