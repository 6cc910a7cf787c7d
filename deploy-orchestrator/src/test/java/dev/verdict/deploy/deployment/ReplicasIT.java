package dev.verdict.deploy.deployment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.deploy.deployment.kubernetes.MockCluster;
import dev.verdict.events.Topics;
import dev.verdict.testing.KeycloakAdmin;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.TestKafka;
import dev.verdict.testing.TestService;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged orchestrator against one PostgreSQL, one Kafka and one cluster (fabric8's mock API
 * server, where the test writes Deployment status as the controller would), on the kubernetes target. Deployments
 * triggered through either replica are each driven by one replica at a time; one replica is killed (SIGKILL) while
 * canaries wait for their pods, and the other finishes them: every deployment ends promoted, each timeline step
 * happened once, and the cluster holds exactly one Deployment per component.
 */
class ReplicasIT {

    static final int COMPONENTS = 6;
    static final String NS = "replicas";
    static final String ANALYSIS = "{\"analysis\": {\"interval\": \"1m\"}}";
    static final String CONFIG = "{\"name\": \"r\", \"judge\": {\"name\": \"NetflixACAJudge-v1.0\"}, \"metrics\":"
            + " [{\"name\": \"requests\", \"query\": {\"type\": \"prometheus\", \"metricName\": \"http_requests_total\"},"
            + " \"analysisConfigurations\": {\"canary\": {\"direction\": \"increase\"}}}]}";

    static MockCluster cluster;
    static NamespacedKubernetesClient k8s;
    static final List<TestService> replicas = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = MockCluster.start();
        k8s = cluster.client();
        for (String t : Topics.ALL) {
            TestKafka.get().createTopic(t, 2); // two partitions: each replica's consumers get one
        }
        KeycloakAdmin.join("engineer", "payments-team");
        List<TestService.Spec> specs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            specs.add(TestService.of("deploy-orchestrator", Path.of("."))
                    .database("deploy_replicas")
                    .logDir(Path.of("target/replicas-it/replica-" + i))
                    .env("VERDICT_DEPLOY_TARGET", "kubernetes")
                    // each its own Kafka Streams state directory, as each pod has
                    .env(
                            "VERDICT_DEPLOY_WORK_DIR",
                            Path.of("target/replicas-it/replica-" + i + "/work")
                                    .toAbsolutePath()
                                    .toString())
                    .jvm("-Dverdict.deploy.target.settings.kubernetes.master-url=" + cluster.url())
                    .jvm("-Dverdict.deploy.target.settings.kubernetes.namespace=" + NS)
                    .jvm("-Dverdict.deploy.target.settings.kubernetes.gateway=public")
                    .jvm("-Dverdict.deploy.target.settings.kubernetes.drain-delay=300ms")
                    .jvm("-Dverdict.deploy.target.settings.kubernetes.abort-delay=1s")
                    .jvm("-Dverdict.deploy.metric-sources.prometheus.url=http://127.0.0.1:9"));
        }
        replicas.addAll(TestService.startAll(specs)); // both boot side by side
        for (int c = 0; c < COMPONENTS; c++) {
            DeployFixture.publish(component(c), "group:default/payments-team");
        }
    }

    @AfterAll
    static void stop() {
        replicas.forEach(TestService::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    static String component(int c) {
        return "component:default/replicated-" + c;
    }

    static RequestSpecification as(TestService replica, String user) {
        return given().baseUri(replica.url())
                .auth()
                .oauth2(KeycloakResource.accessToken(user))
                .contentType(ContentType.JSON);
    }

    /** Triggers through {@code replica}, retrying while the catalog event has not reached the projection yet. */
    static String trigger(TestService replica, int c, String version, String steps) {
        String body = "{\"component\": \"replicated-" + c + "\", \"version\": \"" + version + "\", \"artifact\":"
                + " {\"type\": \"image\", \"value\": \"registry.example/replicated\"}, \"instances\": 1, \"steps\": "
                + steps + ", \"config\": " + CONFIG + "}";
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    var r = as(replica, "engineer").body(body).post("/api/deployments");
                    if (r.statusCode() == 201) {
                        id[0] = r.path("summary.id");
                        return true;
                    }
                    assertThat(r.statusCode()).as(r.asString()).isEqualTo(404);
                    return false;
                });
        return id[0];
    }

    static String status(TestService replica, String id) {
        return as(replica, "viewer")
                .get("/api/deployments/" + id)
                .then()
                .extract()
                .path("summary.status");
    }

    static List<Deployment> deployments() {
        return k8s.apps().deployments().inNamespace(NS).list().getItems();
    }

    static Map<String, Long> kinds(TestService replica, String id) {
        List<String> kinds = as(replica, "viewer")
                .queryParam("size", 200)
                .get("/api/deployments/" + id + "/timeline")
                .then()
                .statusCode(200)
                .extract()
                .path("items.kind");
        return kinds.stream().collect(Collectors.groupingBy(k -> k, TreeMap::new, Collectors.counting()));
    }

    @Test
    void deploymentsThroughBothReplicasAreDrivenOnceAndTheSurvivorFinishesTheKilledOnesWork() {
        List<String> first = new ArrayList<>();
        for (int c = 0; c < COMPONENTS; c++) {
            first.add(trigger(replicas.get(c % 2), c, "1.0.0", "[{\"setWeight\": 50}, " + ANALYSIS + "]"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> deployments().size() == COMPONENTS);
        cluster.allReady(NS);
        for (String id : first) {
            await().atMost(Duration.ofSeconds(60)).until(() -> "PROMOTED".equals(status(replicas.get(1), id)));
        }

        List<String> canaries = new ArrayList<>();
        for (int c = 0; c < COMPONENTS; c++) {
            canaries.add(trigger(
                    replicas.get(c % 2), c, "2.0.0", "[{\"setWeight\": 20}, {\"pause\": {}}, " + ANALYSIS + "]"));
        }
        // every canary and baseline placed, none ready: the deployments wait in STARTING, claimed by either replica
        await().atMost(Duration.ofSeconds(60)).until(() -> deployments().size() == 3 * COMPONENTS);
        replicas.get(0).kill();
        cluster.allReady(NS);
        TestService survivor = replicas.get(1);
        for (String id : canaries) {
            await().atMost(Duration.ofSeconds(60)).until(() -> "PAUSED".equals(status(survivor, id)));
            as(survivor, "engineer")
                    .body("{\"reason\": \"one replica is enough\"}")
                    .post("/api/deployments/" + id + "/promote-full")
                    .then()
                    .statusCode(200);
        }
        for (String id : canaries) {
            await().atMost(Duration.ofSeconds(60)).until(() -> "PROMOTED".equals(status(survivor, id)));
        }

        for (String id : first) {
            Map<String, Long> k = kinds(survivor, id);
            assertThat(k)
                    .as("first deployment " + id)
                    .containsEntry("STARTED", 1L)
                    .containsEntry("PROMOTED", 1L);
            assertThat(k).doesNotContainKeys("ERROR", "ROLLED_BACK");
        }
        for (String id : canaries) {
            Map<String, Long> k = kinds(survivor, id);
            assertThat(k)
                    .as("canary " + id)
                    .containsEntry("STARTED", 1L)
                    .containsEntry("PAUSED", 1L)
                    .containsEntry("PROMOTED", 1L)
                    .containsEntry("MANUAL", 1L)
                    .doesNotContainKeys("ERROR", "ROLLED_BACK");
        }
        // the old stable and the baselines go after the drain delay: one Deployment per component, the new version
        await().atMost(Duration.ofSeconds(30)).until(() -> deployments().size() == COMPONENTS);
        assertThat(deployments())
                .allSatisfy(
                        d -> assertThat(d.getMetadata().getAnnotations()).containsEntry("verdict.dev/version", "2.0.0"))
                .extracting(d -> d.getMetadata().getAnnotations().get("verdict.dev/component-ref"))
                .containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, COMPONENTS)
                        .mapToObj(ReplicasIT::component)
                        .toArray(String[]::new));
    }
}
