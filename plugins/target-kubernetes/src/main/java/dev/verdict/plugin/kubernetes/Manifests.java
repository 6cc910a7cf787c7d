package dev.verdict.plugin.kubernetes;

import dev.verdict.plugin.DeploySpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The objects the target creates, built in one place so their labels agree with the selectors that find them. */
final class Manifests {

    private Manifests() {}

    /** The image of a version: the artifact as given, tagged with the version when it names no tag or digest. */
    static String image(DeploySpec spec) {
        String image = spec.artifact().value().trim();
        int slash = image.lastIndexOf('/');
        boolean tagged = image.indexOf(':', slash + 1) >= 0 || image.contains("@");
        return tagged ? image : image + ":" + spec.version();
    }

    static Map<String, String> labels(String app, String name, DeploySpec spec) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put(Names.MANAGED_BY, Names.MANAGER);
        l.put(Names.APP, app);
        l.put(Names.VERSION, Names.versionLabel(spec.version()));
        l.put(Names.COMPONENT, Names.componentLabel(spec.component()));
        l.put(Names.SCOPE, spec.scope().label());
        l.put(Names.PLACEMENT, name);
        Names.backstageLabels(app, spec.annotations()).forEach((k, v) -> {
            String own = l.putIfAbsent(k, v);
            if (own != null && !own.equals(v)) {
                throw new IllegalArgumentException(Names.KUBERNETES_LABEL_SELECTOR + " sets " + k + "=" + v
                        + ", a label Verdict sets to " + own + " on this placement");
            }
        });
        return l;
    }

    static Deployment deployment(
            String namespace, String name, String app, DeploySpec spec, int replicas, KubernetesTarget.Options o) {
        Map<String, String> labels = labels(app, name, spec);
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("PORT", Integer.toString(o.containerPort()), null));
        new TreeMap<>(spec.env()).forEach((k, v) -> env.add(new EnvVar(k, v, null)));
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .addToAnnotations(Names.COMPONENT_REF, spec.component())
                .addToAnnotations(Names.VERSION_TEXT, spec.version())
                .addToAnnotations(Names.INSTANCES, Integer.toString(spec.instances()))
                .addToAnnotations("verdict.dev/deployment-id", spec.deploymentId())
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withProgressDeadlineSeconds(o.progressDeadlineSeconds())
                .withNewSelector()
                .addToMatchLabels(Names.PLACEMENT, name)
                .endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0))
                .withMaxSurge(new IntOrString("25%"))
                .endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .addToAnnotations(Names.COMPONENT_REF, spec.component())
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName(app)
                .withImage(image(spec))
                .addNewPort()
                .withName("http")
                .withContainerPort(o.containerPort())
                .endPort()
                .withEnv(env)
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath(o.readinessPath())
                .withPort(new IntOrString("http"))
                .endHttpGet()
                .withPeriodSeconds(5)
                .endReadinessProbe()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** The placement's own Service: what a route's backendRef names and what an instance's address is. */
    static Service placementService(
            String namespace, String name, String app, DeploySpec spec, KubernetesTarget.Options o) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels(app, name, spec))
                .endMetadata()
                .withNewSpec()
                .addToSelector(Names.PLACEMENT, name)
                .withPorts(httpPort(o))
                .endSpec()
                .build();
    }

    /** Without a gateway: the component's Service, selecting every pod of the app, so pods share traffic evenly. */
    static Service appService(String namespace, String app, String component, KubernetesTarget.Options o) {
        return new ServiceBuilder()
                .withMetadata(componentMetadata(namespace, app, component))
                .withNewSpec()
                .addToSelector(Names.MANAGED_BY, Names.MANAGER)
                .addToSelector(Names.APP, app)
                .withPorts(httpPort(o))
                .endSpec()
                .build();
    }

    /** The metadata of what belongs to the component rather than to one placement (its Service, its route). */
    private static ObjectMeta componentMetadata(String namespace, String app, String component) {
        return new ObjectMetaBuilder()
                .withName(app)
                .withNamespace(namespace)
                .addToLabels(Names.MANAGED_BY, Names.MANAGER)
                .addToLabels(Names.APP, app)
                .addToLabels(Names.COMPONENT, Names.componentLabel(component))
                .addToAnnotations(Names.COMPONENT_REF, component)
                .build();
    }

    /** Every Service's one port: {@code service-port} to the container's named port {@code http}. */
    private static ServicePort httpPort(KubernetesTarget.Options o) {
        return new ServicePortBuilder()
                .withName("http")
                .withPort(o.servicePort())
                .withTargetPort(new IntOrString("http"))
                .build();
    }

    static List<HTTPBackendRef> backendRefs(Map<String, Integer> weights, int port) {
        List<HTTPBackendRef> refs = new ArrayList<>();
        new TreeMap<>(weights)
                .forEach((name, w) -> refs.add(new HTTPBackendRefBuilder()
                        .withName(name)
                        .withPort(port)
                        .withWeight(w)
                        .build()));
        return refs;
    }

    /** The component's route, attached to {@code gateway} ({@code [namespace/]name}). */
    static HTTPRoute route(String namespace, String app, String component, String gateway, List<HTTPBackendRef> refs) {
        int slash = gateway.indexOf('/');
        ParentReferenceBuilder parent = new ParentReferenceBuilder().withName(gateway.substring(slash + 1));
        if (slash > 0) {
            parent.withNamespace(gateway.substring(0, slash));
        }
        return new HTTPRouteBuilder()
                .withMetadata(componentMetadata(namespace, app, component))
                .withNewSpec()
                .withParentRefs(parent.build())
                .addNewRule()
                .withBackendRefs(refs)
                .endRule()
                .endSpec()
                .build();
    }
}
