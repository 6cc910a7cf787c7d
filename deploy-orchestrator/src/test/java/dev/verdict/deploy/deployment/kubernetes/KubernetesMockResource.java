package dev.verdict.deploy.deployment.kubernetes;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A {@link MockCluster} for the orchestrator under test, chosen as its deploy target. */
public class KubernetesMockResource implements QuarkusTestResourceLifecycleManager {

    private static MockCluster cluster;

    @Override
    public Map<String, String> start() {
        cluster = MockCluster.start();
        String k = "verdict.deploy.target.settings.kubernetes.";
        return Map.of(
                "verdict.deploy.target.type",
                "kubernetes",
                k + "master-url",
                cluster.url(),
                k + "namespace",
                "verdict-test",
                k + "gateway",
                "infra/public",
                k + "drain-delay",
                "300ms",
                k + "abort-delay",
                "1s",
                // the canaries of KubernetesDeploymentTest name it but never reach an analysis
                "verdict.deploy.metric-sources.prometheus.url",
                "http://127.0.0.1:9");
    }

    public static MockCluster cluster() {
        return cluster;
    }

    public static NamespacedKubernetesClient client() {
        return cluster.client();
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
