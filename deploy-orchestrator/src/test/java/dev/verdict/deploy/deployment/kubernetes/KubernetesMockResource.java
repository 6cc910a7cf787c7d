package dev.verdict.deploy.deployment.kubernetes;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * fabric8's mock API server in CRUD mode for the orchestrator under test, chosen as its deploy target. No controller
 * runs there, so a test writes Deployment status itself through {@link #client()}.
 */
public class KubernetesMockResource implements QuarkusTestResourceLifecycleManager {

    private static KubernetesMockServer server;
    private static NamespacedKubernetesClient client;

    @Override
    public Map<String, String> start() {
        server = new KubernetesMockServer(
                new io.fabric8.mockwebserver.Context(),
                new MockWebServer(),
                new HashMap<>(),
                new KubernetesCrudDispatcher(),
                false);
        server.init();
        client = server.createClient();
        String k = "verdict.deploy.target.settings.kubernetes.";
        return Map.of(
                "verdict.deploy.target.type",
                "kubernetes",
                k + "master-url",
                client.getConfiguration().getMasterUrl(),
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

    public static NamespacedKubernetesClient client() {
        return client;
    }

    @Override
    public void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
    }
}
