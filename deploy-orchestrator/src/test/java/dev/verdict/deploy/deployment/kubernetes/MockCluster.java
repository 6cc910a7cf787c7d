package dev.verdict.deploy.deployment.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;

/**
 * fabric8's mock API server in CRUD mode as the orchestrator's cluster: objects are stored and served as an API
 * server does, but no controller runs, so a test writes Deployment status itself ({@link #ready}).
 */
public final class MockCluster implements AutoCloseable {

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;

    private MockCluster() {
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
    }

    public static MockCluster start() {
        return new MockCluster();
    }

    public NamespacedKubernetesClient client() {
        return client;
    }

    /** The API server's URL, for the target's {@code master-url}. */
    public String url() {
        return client.getConfiguration().getMasterUrl();
    }

    /** What the Deployment controller writes once every pod of the Deployment is ready. */
    public void ready(String namespace, String name) {
        client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(name)
                .editStatus(x -> new DeploymentBuilder(x)
                        .withNewStatus()
                        .withObservedGeneration(x.getMetadata().getGeneration())
                        .withReplicas(x.getSpec().getReplicas())
                        .withReadyReplicas(x.getSpec().getReplicas())
                        .endStatus()
                        .build());
    }

    /** {@link #ready} for every Deployment of the namespace. */
    public void allReady(String namespace) {
        for (Deployment d :
                client.apps().deployments().inNamespace(namespace).list().getItems()) {
            ready(namespace, d.getMetadata().getName());
        }
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
