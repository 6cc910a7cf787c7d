package dev.verdict.plugin.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.plugin.Artifact;
import dev.verdict.plugin.DeploySpec;
import dev.verdict.plugin.DeployTarget;
import dev.verdict.plugin.DeployTargetFactory;
import dev.verdict.plugin.InstanceStatus;
import dev.verdict.plugin.Placement;
import dev.verdict.plugin.PluginConfigException;
import dev.verdict.plugin.Plugins;
import dev.verdict.plugin.Scope;
import dev.verdict.plugin.Settings;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The target against fabric8's mock API server in CRUD mode: objects are stored and served as an API server does,
 * but no controller runs, so each test patches Deployment status where the Deployment controller would.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesTargetTest {

    static KubernetesClient client;

    private static final String COMPONENT = "component:default/payments-api";
    private static final String NS = "shop";

    private DeployTarget target;

    @BeforeEach
    void clean() {
        client.apps().deployments().inAnyNamespace().delete();
        client.services().inAnyNamespace().delete();
        client.resources(HTTPRoute.class).inAnyNamespace().delete();
    }

    @AfterEach
    void close() {
        if (target != null) {
            target.close();
        }
    }

    private DeployTarget target(Map<String, String> settings) {
        Map<String, String> s = new TreeMap<>(Map.of("namespace", NS, "drain-delay", "300ms", "abort-delay", "1s"));
        s.putAll(settings);
        return new KubernetesTargetFactory().create(client, false, Settings.of("kubernetes", s));
    }

    private static DeploySpec spec(String deployment, Scope scope, String version, int instances) {
        return new DeploySpec(
                deployment,
                COMPONENT,
                scope,
                version,
                new Artifact(Artifact.Type.IMAGE, "registry.example/payments-api"),
                instances,
                null,
                Map.of("FEATURE", "on"));
    }

    private static Deployment get(Placement p) {
        String[] nsName = p.id().split("/");
        return client.apps()
                .deployments()
                .inNamespace(nsName[0])
                .withName(nsName[1])
                .get();
    }

    /** What the Deployment controller would write once the pods are ready. */
    private static void ready(Placement p, int ready) {
        String[] nsName = p.id().split("/");
        client.apps()
                .deployments()
                .inNamespace(nsName[0])
                .withName(nsName[1])
                .editStatus(d -> new DeploymentBuilder(d)
                        .withNewStatus()
                        .withObservedGeneration(d.getMetadata().getGeneration())
                        .withReplicas(d.getSpec().getReplicas())
                        .withReadyReplicas(ready)
                        .endStatus()
                        .build());
    }

    private static Map<String, Integer> routeWeights() {
        HTTPRoute r = client.resources(HTTPRoute.class)
                .inNamespace(NS)
                .withName("payments-api")
                .get();
        assertThat(r.getSpec().getRules()).hasSize(1);
        return r.getSpec().getRules().get(0).getBackendRefs().stream()
                .collect(Collectors.toMap(
                        HTTPBackendRef::getName, HTTPBackendRef::getWeight, (a, b) -> a, TreeMap::new));
    }

    private static List<String> deploymentNames() {
        return client.apps().deployments().inNamespace(NS).list().getItems().stream()
                .map(d -> d.getMetadata().getName())
                .sorted()
                .toList();
    }

    private static void awaitGone(Placement p) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (get(p) != null && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertThat(get(p)).as(p.id() + " deleted by the sweeper").isNull();
    }

    private static Map<Scope, Integer> split(int w) {
        return Map.of(Scope.CANARY, w, Scope.BASELINE, w, Scope.STABLE, 100 - 2 * w);
    }

    @Test
    void aCanaryRunsOnHttpRouteWeightsAndIsPromoted() throws Exception {
        target = target(Map.of("gateway", "infra/public"));

        Placement v1 = target.deploy(spec("d1000000-aaaa", Scope.STABLE, "1.0.0", 2));
        Deployment d = get(v1);
        assertThat(d.getMetadata().getNamespace()).isEqualTo(NS);
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example/payments-api:1.0.0");
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(Names.SCOPE, "stable")
                .containsEntry(Names.APP, "payments-api");
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
                .as("pods carry the ref, for a Prometheus relabel")
                .containsEntry(Names.COMPONENT_REF, COMPONENT);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .extracting(e -> e.getName() + "=" + e.getValue())
                .containsExactly("PORT=8080", "FEATURE=on");
        assertThat(target.instances(v1))
                .extracting(InstanceStatus::health)
                .containsExactly(InstanceStatus.Health.STARTING, InstanceStatus.Health.STARTING);
        ready(v1, 1);
        assertThat(target.instances(v1))
                .extracting(InstanceStatus::health)
                .containsExactly(InstanceStatus.Health.READY, InstanceStatus.Health.STARTING);
        ready(v1, 2);
        assertThat(target.instances(v1)).allMatch(i -> i.health() == InstanceStatus.Health.READY);
        assertThat(target.instances(v1).get(0).address()).isEqualTo(v1.id().split("/")[1] + ".shop.svc:80");

        target.setWeights(COMPONENT, Map.of(Scope.STABLE, 100));
        HTTPRoute route = client.resources(HTTPRoute.class)
                .inNamespace(NS)
                .withName("payments-api")
                .get();
        assertThat(route.getSpec().getParentRefs().get(0).getName()).isEqualTo("public");
        assertThat(route.getSpec().getParentRefs().get(0).getNamespace()).isEqualTo("infra");
        assertThat(routeWeights()).containsExactly(Map.entry(name(v1), 100));

        Placement canary = target.deploy(spec("d2000000-bbbb", Scope.CANARY, "2.0.0", 2));
        Placement baseline = target.deploy(spec("d2000000-bbbb", Scope.BASELINE, "1.0.0", 2));
        assertThat(target.deploy(spec("d2000000-bbbb", Scope.CANARY, "2.0.0", 2)))
                .as("deploying the same spec again finds the placement")
                .isEqualTo(canary);
        assertThat(deploymentNames()).hasSize(3);
        assertThat(get(canary)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .endsWith(":2.0.0");
        assertThat(get(baseline)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .endsWith(":1.0.0");
        assertThat(client.services()
                        .inNamespace(NS)
                        .withName(name(canary))
                        .get()
                        .getSpec()
                        .getSelector())
                .containsExactly(Map.entry(Names.PLACEMENT, name(canary)));
        ready(canary, 2);
        ready(baseline, 2);

        target.setWeights(COMPONENT, split(10));
        assertThat(routeWeights())
                .containsExactlyInAnyOrderEntriesOf(Map.of(name(v1), 80, name(canary), 10, name(baseline), 10));
        assertThatThrownBy(() -> target.remove(canary))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("still gets 10 %");

        Placement promoted = target.rescope(canary, Scope.STABLE);
        assertThat(promoted.id()).isEqualTo(canary.id());
        assertThat(promoted.scope()).isEqualTo(Scope.STABLE);
        assertThat(get(canary).getMetadata().getLabels()).containsEntry(Names.SCOPE, "stable");
        assertThat(get(canary).getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(Names.SCOPE, "stable");
        assertThat(routeWeights()).as("rescoping keeps the weight").containsEntry(name(canary), 10);

        target.setWeights(COMPONENT, Map.of(Scope.STABLE, 100, Scope.CANARY, 0, Scope.BASELINE, 0));
        assertThat(routeWeights())
                .as("two stable placements share stable's 100 by replicas")
                .containsExactlyInAnyOrderEntriesOf(Map.of(name(v1), 50, name(canary), 50, name(baseline), 0));

        target.remove(v1);
        assertThat(routeWeights())
                .as("the old stable's share moves to the new one before it goes")
                .containsExactlyInAnyOrderEntriesOf(Map.of(name(canary), 100, name(baseline), 0));
        assertThat(target.instances(v1)).isEmpty();
        target.remove(baseline);
        target.remove(baseline); // removing a removed placement is a no-op
        assertThat(routeWeights()).containsExactly(Map.entry(name(canary), 100));
        assertThat(target.placements()).containsExactly(promoted);

        awaitGone(v1);
        awaitGone(baseline);
        assertThat(client.services().inNamespace(NS).withName(name(v1)).get()).isNull();
        assertThat(client.services().inNamespace(NS).withName(name(baseline)).get())
                .isNull();
        assertThat(deploymentNames()).containsExactly(name(canary));
    }

    @Test
    void aRollbackTakesTheCanaryOutOfTheRouteAtOnceAndItsPodsAfterTheAbortDelay() throws Exception {
        target = target(Map.of("gateway", "public", "abort-delay", "2s"));
        Placement v1 = target.deploy(spec("d1000000-aaaa", Scope.STABLE, "1.0.0", 1));
        ready(v1, 1);
        target.setWeights(COMPONENT, Map.of(Scope.STABLE, 100));
        Placement canary = target.deploy(spec("d3000000-cccc", Scope.CANARY, "3.0.0", 1));
        Placement baseline = target.deploy(spec("d3000000-cccc", Scope.BASELINE, "1.0.0", 1));
        ready(canary, 1);
        ready(baseline, 1);
        target.setWeights(COMPONENT, split(20));

        target.setWeights(COMPONENT, Map.of(Scope.STABLE, 100, Scope.CANARY, 0, Scope.BASELINE, 0));
        target.remove(canary);
        target.remove(baseline);
        assertThat(routeWeights()).containsExactly(Map.entry(name(v1), 100));
        assertThat(target.instances(canary)).isEmpty();
        assertThat(target.placements()).containsExactly(v1);

        awaitGone(baseline); // after the drain delay
        assertThat(get(canary))
                .as("a rolled-back canary stays for the abort delay")
                .isNotNull();
        awaitGone(canary);
        assertThat(client.services().inNamespace(NS).withName(name(canary)).get())
                .isNull();
        assertThat(deploymentNames()).containsExactly(name(v1));
    }

    @Test
    void withoutAGatewayThePodsShareIsTheTrafficsShare() {
        target = target(Map.of());
        Placement v1 = target.deploy(spec("d1000000-aaaa", Scope.STABLE, "1.0.0", 5));
        Service app = client.services().inNamespace(NS).withName("payments-api").get();
        assertThat(app.getSpec().getSelector())
                .containsExactlyInAnyOrderEntriesOf(Map.of(Names.APP, "payments-api", Names.MANAGED_BY, "verdict"));
        target.setWeights(COMPONENT, Map.of(Scope.STABLE, 100));
        assertThat(get(v1).getSpec().getReplicas()).isEqualTo(5);

        Placement canary = target.deploy(spec("d2000000-bbbb", Scope.CANARY, "2.0.0", 5));
        Placement baseline = target.deploy(spec("d2000000-bbbb", Scope.BASELINE, "1.0.0", 5));
        assertThat(get(canary).getSpec().getReplicas())
                .as("a ready pod behind the app's Service takes traffic, so a canary starts with one")
                .isEqualTo(1);
        assertThat(get(baseline).getSpec().getReplicas()).isEqualTo(1);

        target.setWeights(COMPONENT, split(20));
        assertThat(replicas(v1, canary, baseline)).containsExactly(3, 1, 1);
        target.setWeights(COMPONENT, split(40));
        assertThat(replicas(v1, canary, baseline)).containsExactly(1, 2, 2);
        target.setWeights(COMPONENT, split(50));
        assertThat(replicas(v1, canary, baseline)).containsExactly(0, 3, 3);

        Placement promoted = target.rescope(canary, Scope.STABLE);
        target.setWeights(COMPONENT, Map.of(Scope.STABLE, 100, Scope.CANARY, 0, Scope.BASELINE, 0));
        assertThat(replicas(v1, canary, baseline))
                .as("5 stable pods shared by both stable placements, none baseline")
                .satisfies(r -> assertThat(r.get(0) + r.get(1)).isEqualTo(5))
                .satisfies(r -> assertThat(r.get(2)).isZero());
        int newStable = get(canary).getSpec().getReplicas();
        int oldStable = get(v1).getSpec().getReplicas();
        target.remove(v1);
        assertThat(get(v1)).isNull();
        assertThat(get(canary).getSpec().getReplicas())
                .as("the old stable's pods are added to the new one's before they go")
                .isEqualTo(newStable + oldStable);
        target.remove(baseline);
        assertThat(target.placements()).containsExactly(promoted);
        assertThat(client.resources(HTTPRoute.class).inNamespace(NS).list().getItems())
                .isEmpty();

        assertThatThrownBy(() -> target.remove(promoted))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only stable placement");
    }

    private static List<Integer> replicas(Placement... ps) {
        return java.util.Arrays.stream(ps)
                .map(p -> get(p).getSpec().getReplicas())
                .toList();
    }

    @Test
    void readinessIsTheDeploymentStatusOfTheCurrentGeneration() {
        target = target(Map.of("gateway", "public"));
        Placement p = target.deploy(spec("d4000000-dddd", Scope.STABLE, "1.0.0", 2));
        String[] nsName = p.id().split("/");
        var res = client.apps().deployments().inNamespace(nsName[0]).withName(nsName[1]);

        Deployment d = get(p);
        long generation =
                d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        res.editStatus(x -> new DeploymentBuilder(x)
                .withNewStatus()
                .withObservedGeneration(generation + 1)
                .withReadyReplicas(2)
                .endStatus()
                .build());
        assertThat(target.instances(p)).allMatch(i -> i.health() == InstanceStatus.Health.READY);

        // a status that describes an older generation says nothing about this spec
        Deployment stale = new DeploymentBuilder(get(p))
                .editMetadata()
                .withGeneration(generation + 5)
                .endMetadata()
                .build();
        assertThat(KubernetesTarget.statuses(stale, 80))
                .allMatch(i -> i.health() == InstanceStatus.Health.STARTING)
                .allMatch(i -> i.detail().contains("not seen this spec"));

        res.editStatus(x -> new DeploymentBuilder(x)
                .withNewStatus()
                .withObservedGeneration(generation + 1)
                .withReadyReplicas(1)
                .withConditions(new DeploymentConditionBuilder()
                        .withType("Progressing")
                        .withStatus("False")
                        .withReason("ProgressDeadlineExceeded")
                        .withMessage("ReplicaSet \"x\" has timed out progressing.")
                        .build())
                .endStatus()
                .build());
        List<InstanceStatus> now = target.instances(p);
        assertThat(now)
                .extracting(InstanceStatus::health)
                .containsExactly(InstanceStatus.Health.READY, InstanceStatus.Health.FAILED);
        assertThat(now.get(1).detail()).contains("ProgressDeadlineExceeded").contains("timed out");
    }

    @Test
    void theCatalogAnnotationsPlaceTheComponent() {
        target = target(Map.of("gateway", "public"));
        DeploySpec annotated = new DeploySpec(
                "d5000000-eeee",
                COMPONENT,
                Scope.STABLE,
                "1.0.0",
                new Artifact(Artifact.Type.IMAGE, "registry.example/pay@sha256:abc"),
                1,
                null,
                Map.of(),
                Map.of(
                        Names.KUBERNETES_ID,
                        "pay",
                        Names.KUBERNETES_NAMESPACE,
                        "payments",
                        Names.KUBERNETES_LABEL_SELECTOR,
                        "app=pay, tier=backend"));
        Placement p = target.deploy(annotated);
        assertThat(p.id()).startsWith("payments/pay-stable-");
        Deployment d = get(p);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .as("a digest is kept as given")
                .isEqualTo("registry.example/pay@sha256:abc");
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                .as("Backstage's Kubernetes plugin finds the pods by its id label and the entity's label selector")
                .containsEntry("backstage.io/kubernetes-id", "pay")
                .containsEntry("app", "pay")
                .containsEntry("tier", "backend");
        target.setWeights(COMPONENT, Map.of(Scope.STABLE, 100));
        assertThat(client.resources(HTTPRoute.class)
                        .inNamespace("payments")
                        .withName("pay")
                        .get())
                .isNotNull();

        assertThatThrownBy(() -> target.deploy(new DeploySpec(
                        "d6", COMPONENT, Scope.STABLE, "1", new Artifact(Artifact.Type.JAR, "app.jar"), 1, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("container images");
        assertThatThrownBy(() -> target.deploy(new DeploySpec(
                        "d6", COMPONENT, Scope.STABLE, "1", new Artifact(Artifact.Type.IMAGE, "x"), 1, "25", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runtime is in its image");
        assertThatThrownBy(() -> target.deploy(new DeploySpec(
                        "d6",
                        COMPONENT,
                        Scope.STABLE,
                        "1",
                        new Artifact(Artifact.Type.IMAGE, "x"),
                        1,
                        null,
                        null,
                        Map.of(Names.KUBERNETES_ID, "Not_A_Label"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backstage.io/kubernetes-id");
        for (String selector : List.of("app in (pay, shop)", "tier!=frontend", "verdict.dev/scope=canary")) {
            assertThatThrownBy(() -> target.deploy(new DeploySpec(
                            "d7",
                            COMPONENT,
                            Scope.STABLE,
                            "1",
                            new Artifact(Artifact.Type.IMAGE, "x"),
                            1,
                            null,
                            null,
                            Map.of(Names.KUBERNETES_LABEL_SELECTOR, selector))))
                    .as(selector)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(Names.KUBERNETES_LABEL_SELECTOR);
        }
        assertThat(client.apps().deployments().inAnyNamespace().list().getItems())
                .as("a refused spec creates nothing")
                .hasSize(1);
    }

    @Test
    void aNewTargetFindsWhatTheOldOneLeftAndFinishesItsRemovals() throws Exception {
        target = target(Map.of("gateway", "public", "abort-delay", "1s"));
        Placement v1 = target.deploy(spec("d1000000-aaaa", Scope.STABLE, "1.0.0", 1));
        target.setWeights(COMPONENT, Map.of(Scope.STABLE, 100));
        Placement canary = target.deploy(spec("d2000000-bbbb", Scope.CANARY, "2.0.0", 1));
        target.setWeights(COMPONENT, Map.of(Scope.STABLE, 90, Scope.CANARY, 10));
        target.setWeights(COMPONENT, Map.of(Scope.STABLE, 100, Scope.CANARY, 0));
        target.remove(canary);
        target.close(); // the orchestrator stops before the canary's delay is over

        target = target(Map.of("gateway", "public"));
        assertThat(target.placements()).containsExactly(v1);
        Placement again = target.deploy(spec("d1000000-aaaa", Scope.STABLE, "1.0.0", 1));
        assertThat(again).isEqualTo(v1);
        awaitGone(canary);
        target.close();

        target = target(Map.of("gateway", "public"));
        target.setWeights(COMPONENT, Map.of(Scope.STABLE, 100)); // no deploy in this process: found by its labels
        assertThat(routeWeights()).containsExactly(Map.entry(name(v1), 100));
        assertThatThrownBy(() -> target.setWeights("component:default/unknown", Map.of(Scope.STABLE, 100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no placement");
    }

    @Test
    void theFactoryIsFoundByItsIdAndRefusesUnknownSettings() {
        assertThat(Plugins.load(DeployTargetFactory.class, getClass().getClassLoader()))
                .containsKey("kubernetes");
        assertThatThrownBy(() -> Plugins.create(
                        DeployTargetFactory.class,
                        getClass().getClassLoader(),
                        "kubernetes",
                        Map.of("gatway", "public", "drain-delay", "soon")))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("gatway: unknown setting")
                .hasMessageContaining("drain-delay: 'soon' is not a duration");
    }

    private static String name(Placement p) {
        return p.id().substring(p.id().indexOf('/') + 1);
    }
}
