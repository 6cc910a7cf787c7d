package dev.verdict.plugin;

import java.util.Map;
import java.util.Objects;

/**
 * Run {@code version} of {@code component} as {@code instances} instances serving {@code scope}.
 *
 * @param deploymentId the orchestrator's deployment; with {@code scope} it names the placement, so deploying the same
 *     spec again (after a crash) finds what runs instead of starting a second copy
 * @param component catalog ref, e.g. {@code component:default/payments-api}
 * @param runtime the runtime of this version, e.g. a JDK feature version {@code 25}; null for the target's default
 * @param env extra environment of each instance
 * @param annotations the catalog entity's {@code metadata.annotations}, for targets that place a component by them
 *     (a cluster target reads {@code backstage.io/kubernetes-id} and {@code backstage.io/kubernetes-namespace},
 *     as Backstage's Kubernetes plugin does); empty when the host has none
 */
public record DeploySpec(
        String deploymentId,
        String component,
        Scope scope,
        String version,
        Artifact artifact,
        int instances,
        String runtime,
        Map<String, String> env,
        Map<String, String> annotations) {

    public DeploySpec {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(artifact, "artifact");
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be at least 1, not " + instances);
        }
        env = env == null ? Map.of() : Map.copyOf(env);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** A spec without catalog annotations. */
    public DeploySpec(
            String deploymentId,
            String component,
            Scope scope,
            String version,
            Artifact artifact,
            int instances,
            String runtime,
            Map<String, String> env) {
        this(deploymentId, component, scope, version, artifact, instances, runtime, env, Map.of());
    }
}
