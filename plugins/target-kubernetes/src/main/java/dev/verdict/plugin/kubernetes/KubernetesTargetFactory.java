package dev.verdict.plugin.kubernetes;

import dev.verdict.plugin.DeployTarget;
import dev.verdict.plugin.DeployTargetFactory;
import dev.verdict.plugin.Setting;
import dev.verdict.plugin.Settings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code kubernetes} deploy target. The cluster is found as kubectl finds it (kubeconfig, or the pod's service
 * account inside a cluster) unless {@code master-url} names it; the client is made in {@link #create} only.
 */
public class KubernetesTargetFactory implements DeployTargetFactory {

    static final Setting<String> MASTER_URL =
            Setting.text("master-url", "the API server; empty: from kubeconfig or the in-cluster service account", "");
    static final Setting<String> NAMESPACE = Setting.text(
            "namespace",
            "where a component without a backstage.io/kubernetes-namespace annotation goes; empty: the client's",
            "");
    static final Setting<String> GATEWAY = Setting.text(
            "gateway",
            "the Gateway ([namespace/]name) the components' HTTPRoutes attach to; empty: split by replica ratio",
            "");
    static final Setting<Integer> SERVICE_PORT =
            Setting.integer("service-port", "the port of each placement's Service", 80);
    static final Setting<Integer> CONTAINER_PORT =
            Setting.integer("container-port", "the port the container listens on (also given as PORT)", 8080);
    static final Setting<String> READINESS_PATH =
            Setting.text("readiness-path", "the HTTP path of the pods' readiness probe", "/q/health/ready");
    static final Setting<Duration> PROGRESS_DEADLINE = Setting.duration(
            "progress-deadline", "how long a Deployment may take to become ready before it counts as failed", "10m");
    static final Setting<Duration> DRAIN_DELAY =
            Setting.duration("drain-delay", "how long a removed placement keeps running once the route left it", "5s");
    static final Setting<Duration> ABORT_DELAY = Setting.duration(
            "abort-delay", "how long a rolled-back canary keeps running out of traffic, for a look", "30s");

    @Override
    public String id() {
        return "kubernetes";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(
                MASTER_URL,
                NAMESPACE,
                GATEWAY,
                SERVICE_PORT,
                CONTAINER_PORT,
                READINESS_PATH,
                PROGRESS_DEADLINE,
                DRAIN_DELAY,
                ABORT_DELAY);
    }

    @Override
    public DeployTarget create(Settings s) {
        Config config = s.get(MASTER_URL).isBlank()
                ? Config.autoConfigure(null)
                : new ConfigBuilder(Config.empty())
                        .withMasterUrl(s.get(MASTER_URL))
                        .build();
        KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build();
        return create(client, true, s);
    }

    /** A target on a given client (a test's mock API server); {@code ownsClient}: whether closing it closes that. */
    public DeployTarget create(KubernetesClient client, boolean ownsClient, Settings s) {
        s.check(settings());
        String ns = s.get(NAMESPACE).isBlank()
                ? Optional.ofNullable(client.getNamespace()).orElse("default")
                : s.get(NAMESPACE);
        return new KubernetesTarget(
                client,
                ownsClient,
                new KubernetesTarget.Options(
                        ns,
                        s.get(GATEWAY).isBlank()
                                ? Optional.empty()
                                : Optional.of(s.get(GATEWAY).trim()),
                        s.get(SERVICE_PORT),
                        s.get(CONTAINER_PORT),
                        s.get(READINESS_PATH),
                        (int) s.get(PROGRESS_DEADLINE).toSeconds(),
                        s.get(DRAIN_DELAY),
                        s.get(ABORT_DELAY)),
                Clock.systemUTC());
    }
}
