package dev.verdict.deploy.deployment.kubernetes;

import static dev.verdict.deploy.deployment.DeployFixture.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.verdict.deploy.deployment.DeployFixture;
import dev.verdict.testing.KeycloakAdmin;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator itself drives canaries on the {@code kubernetes} target, against fabric8's mock API server in
 * CRUD mode: the catalog's annotations place the component, the test writes Deployment status where the
 * Deployment controller would, and the HTTPRoute's weights and the objects left show each step.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "deploy"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "deploy-orchestrator"))
@WithTestResource(KubernetesMockResource.class)
class KubernetesDeploymentTest {

    // its own component: the other deployment tests share the database, and their ledger-api has releases
    static final String COMPONENT = "component:default/ledger-on-k8s";
    static final String NS = "payments";
    /** never reached: each canary here is promoted or aborted in its pause */
    static final String ANALYSIS = "{\"analysis\": {\"interval\": \"1m\"}}";
    /** on a cluster the canary is judged on Prometheus's series (a metric source named, never queried here) */
    static final String CONFIG = """
            {"name": "ledger", "judge": {"name": "NetflixACAJudge-v1.0"},
             "metrics": [{"name": "requests", "query": {"type": "prometheus", "metricName": "http_requests_total"},
               "analysisConfigurations": {"canary": {"direction": "increase"}}}]}""";

    @BeforeAll
    static void catalog() throws Exception {
        KeycloakAdmin.join("engineer", "payments-team");
        DeployFixture.announce(
                COMPONENT,
                "group:default/payments-team",
                Map.of(
                        "backstage.io/kubernetes-id",
                        "ledger",
                        "backstage.io/kubernetes-namespace",
                        NS,
                        "verdict.dev/image",
                        "registry.example/ledger"));
    }

    static String deploy(String version, String steps) {
        return as("engineer")
                // no artifact: the catalog's verdict.dev/image is the repository, the version its tag
                .body("{\"component\": \"ledger-on-k8s\", \"version\": \"" + version + "\", \"instances\": 2,"
                        + " \"steps\": " + steps + ", \"config\": " + CONFIG + "}")
                .post("/api/deployments")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(201)
                .extract()
                .path("summary.id");
    }

    static String status(String id) {
        return as("viewer").get("/api/deployments/" + id).then().extract().path("summary.status");
    }

    static List<Deployment> deployments() {
        return KubernetesMockResource.client()
                .apps()
                .deployments()
                .inNamespace(NS)
                .list()
                .getItems();
    }

    static Deployment scope(String scope) {
        return deployments().stream()
                .filter(d -> scope.equals(d.getMetadata().getLabels().get("verdict.dev/scope")))
                .filter(d -> d.getMetadata().getAnnotations().get("verdict.dev/remove-after") == null)
                .findFirst()
                .orElse(null);
    }

    /** What the Deployment controller writes once every pod of {@code d} is ready. */
    static void ready(Deployment d) {
        KubernetesMockResource.cluster().ready(NS, d.getMetadata().getName());
    }

    static Map<String, Integer> weights() {
        HTTPRoute r = KubernetesMockResource.client()
                .resources(HTTPRoute.class)
                .inNamespace(NS)
                .withName("ledger")
                .get();
        return r.getSpec().getRules().get(0).getBackendRefs().stream()
                .collect(Collectors.toMap(
                        HTTPBackendRef::getName, HTTPBackendRef::getWeight, (a, b) -> a, TreeMap::new));
    }

    @Test
    void aCanaryIsPlacedByTheCatalogRoutedByWeightPromotedAndCleanedUpAndAnAbortedOneRemoved() {
        String first = deploy("1.0.0", "[{\"setWeight\": 50}, " + ANALYSIS + "]");
        await().atMost(Duration.ofSeconds(30)).until(() -> scope("stable") != null || !"RUNNING".equals(status(first)));
        Deployment v1 = scope("stable");
        assertThat(v1)
                .as("a stable Deployment; the deployment is " + status(first) + ": "
                        + as("viewer")
                                .get("/api/deployments/" + first)
                                .then()
                                .extract()
                                .path("summary.statusReason"))
                .isNotNull();
        assertThat(v1.getMetadata().getName()).startsWith("ledger-stable-");
        assertThat(v1.getSpec().getReplicas()).isEqualTo(2);
        assertThat(v1.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example/ledger:1.0.0");
        assertThat(status(first)).as("not promoted before its pods are ready").isEqualTo("RUNNING");
        ready(v1);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PROMOTED".equals(status(first)));
        assertThat(weights()).containsExactly(Map.entry(v1.getMetadata().getName(), 100));

        String second = deploy("2.0.0", "[{\"setWeight\": 20}, {\"pause\": {}}, " + ANALYSIS + "]");
        await().atMost(Duration.ofSeconds(30)).until(() -> scope("canary") != null && scope("baseline") != null);
        Deployment canary = scope("canary");
        Deployment baseline = scope("baseline");
        assertThat(baseline.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .as("a fresh baseline of the current version")
                .isEqualTo("registry.example/ledger:1.0.0");
        ready(canary);
        ready(baseline);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PAUSED".equals(status(second)));
        assertThat(weights())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        v1.getMetadata().getName(), 60,
                        canary.getMetadata().getName(), 20,
                        baseline.getMetadata().getName(), 20));

        as("engineer")
                .body("{\"reason\": \"dashboards are green\"}")
                .post("/api/deployments/" + second + "/promote-full")
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PROMOTED".equals(status(second)));
        assertThat(weights()).containsExactly(Map.entry(canary.getMetadata().getName(), 100));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> deployments().stream()
                        .map(d -> d.getMetadata().getName())
                        .toList()
                        .equals(List.of(canary.getMetadata().getName())));
        assertThat(scope("stable").getMetadata().getName())
                .isEqualTo(canary.getMetadata().getName());

        String third = deploy("3.0.0", "[{\"setWeight\": 10}, {\"pause\": {}}, " + ANALYSIS + "]");
        await().atMost(Duration.ofSeconds(30)).until(() -> scope("canary") != null && scope("baseline") != null);
        Deployment bad = scope("canary");
        ready(bad);
        ready(scope("baseline"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "PAUSED".equals(status(third)));
        as("engineer")
                .body("{\"reason\": \"the change freeze starts\"}")
                .post("/api/deployments/" + third + "/abort")
                .then()
                .statusCode(200)
                .body("summary.status", equalTo("ROLLING_BACK"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "ABORTED".equals(status(third)));
        assertThat(weights()).containsExactly(Map.entry(canary.getMetadata().getName(), 100));
        await().atMost(Duration.ofSeconds(15)).until(() -> deployments().size() == 1);
        assertThat(KubernetesMockResource.client()
                        .services()
                        .inNamespace(NS)
                        .withName(bad.getMetadata().getName())
                        .get())
                .isNull();
    }
}
