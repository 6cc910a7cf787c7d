package dev.verdict.plugin.kubernetes;

import dev.verdict.plugin.Artifact;
import dev.verdict.plugin.DeploySpec;
import dev.verdict.plugin.DeployTarget;
import dev.verdict.plugin.InstanceStatus;
import dev.verdict.plugin.Placement;
import dev.verdict.plugin.Scope;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@code kubernetes} deploy target. Each placement is a Deployment with a Service of its own name; traffic is
 * split by the weights of a Gateway API {@code HTTPRoute}'s backendRefs (one route per component, named as the app),
 * or, without a gateway, by replica ratio behind one Service that selects every pod of the app, as Argo Rollouts
 * does without a traffic router. Everything the target knows is on the cluster (labels and annotations), so an
 * orchestrator that restarts, or a second replica of it, finds the same state; every call is idempotent.
 *
 * <p>Readiness is the Deployment's status, as the Deployment controller reports it: ready replicas once the status
 * describes the current generation, failed when the rollout passed its progress deadline.
 */
public final class KubernetesTarget implements DeployTarget {

    private static final System.Logger LOG = System.getLogger(KubernetesTarget.class.getName());

    /**
     * How the target runs.
     *
     * @param namespace where a component goes without a {@code backstage.io/kubernetes-namespace} annotation
     * @param gateway the Gateway the routes attach to ({@code [namespace/]name}); empty: replica ratio
     * @param drainDelay how long a removed placement's pods keep running after the route left them
     * @param abortDelay the same for a canary removed by a rollback or an abort, kept for a look (Argo's
     *     {@code abortScaleDownDelaySeconds})
     */
    public record Options(
            String namespace,
            Optional<String> gateway,
            int servicePort,
            int containerPort,
            String readinessPath,
            int progressDeadlineSeconds,
            Duration drainDelay,
            Duration abortDelay) {}

    private record Where(String namespace, String app) {}

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final Options options;
    private final Clock clock;
    private final Map<String, Where> components = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    /**
     * @param ownsClient whether {@link #close()} closes {@code client}
     */
    public KubernetesTarget(KubernetesClient client, boolean ownsClient, Options options, Clock clock) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.options = options;
        this.clock = clock;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "verdict-kubernetes-sweeper");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(200, Math.min(5_000, options.drainDelay().toMillis() / 2));
        sweeper.scheduleWithFixedDelay(this::sweepSafely, every, every, TimeUnit.MILLISECONDS);
    }

    // ---- DeployTarget ---------------------------------------------------------------------------------------------

    @Override
    public synchronized Placement deploy(DeploySpec spec) {
        if (spec.artifact().type() != Artifact.Type.IMAGE) {
            throw new IllegalArgumentException("the kubernetes target runs container images, not a "
                    + spec.artifact().type() + " artifact; give the version an image, or use the process target");
        }
        if (spec.runtime() != null && !spec.runtime().isBlank()) {
            throw new IllegalArgumentException("on the kubernetes target a version's runtime is in its image; '"
                    + spec.runtime() + "' cannot be chosen here");
        }
        Where w = new Where(
                Names.namespace(spec.annotations(), options.namespace()),
                Names.app(spec.component(), spec.annotations()));
        components.put(spec.component(), w);
        String name = Names.placement(w.app(), spec.scope(), spec.deploymentId());
        Resource<Deployment> res =
                client.apps().deployments().inNamespace(w.namespace()).withName(name);
        Deployment existing = res.get();
        if (existing != null) {
            if (removeAfter(existing).isPresent()) { // deployed again before the sweeper took it: keep it
                res.edit(d -> new DeploymentBuilder(d)
                        .editMetadata()
                        .removeFromAnnotations(Names.REMOVE_AFTER)
                        .endMetadata()
                        .build());
            }
            return placement(existing);
        }
        int replicas = options.gateway().isPresent() || spec.scope() == Scope.STABLE ? spec.instances() : 1;
        client.services()
                .inNamespace(w.namespace())
                .resource(Manifests.placementService(w.namespace(), name, w.app(), spec, options))
                .createOr(op -> op.update());
        if (options.gateway().isEmpty()) {
            client.services()
                    .inNamespace(w.namespace())
                    .resource(Manifests.appService(w.namespace(), w.app(), spec.component(), options))
                    .createOr(op -> op.update());
        }
        Deployment created = client.apps()
                .deployments()
                .inNamespace(w.namespace())
                .resource(Manifests.deployment(w.namespace(), name, w.app(), spec, replicas, options))
                .create();
        return placement(created);
    }

    @Override
    public List<InstanceStatus> instances(Placement placement) {
        Deployment d = deployment(placement.id());
        if (d == null || removeAfter(d).isPresent()) {
            return List.of();
        }
        return statuses(d, options.servicePort());
    }

    @Override
    public synchronized void setWeights(String component, Map<Scope, Integer> percent) {
        DeployTarget.checkWeights(percent);
        Where w = where(component);
        if (w == null) {
            if (percent.entrySet().stream().anyMatch(e -> e.getValue() > 0)) {
                throw new IllegalArgumentException("no placement of " + component + " on this cluster");
            }
            return;
        }
        List<Deployment> live = live(w, component);
        List<Traffic.Member> members =
                live.stream().map(KubernetesTarget::member).toList();
        if (options.gateway().isPresent()) {
            route(w, component, Traffic.weights(members, percent));
        } else {
            int total =
                    members.stream().mapToInt(Traffic.Member::instances).max().orElse(0);
            Traffic.replicas(members, percent, total).forEach((name, n) -> scale(w.namespace(), name, n));
        }
    }

    /**
     * Relabels the placement's Deployment and its pod template, so metrics bound to the scope label follow it. The
     * template change makes Kubernetes replace the pods one at a time (surge, none unavailable); its traffic stays.
     */
    @Override
    public synchronized Placement rescope(Placement placement, Scope scope) {
        Deployment d = deployment(placement.id());
        if (d == null) {
            throw new IllegalArgumentException("no placement " + placement.id());
        }
        if (!scope.label().equals(d.getMetadata().getLabels().get(Names.SCOPE))) {
            d = resource(placement.id())
                    .edit(x -> new DeploymentBuilder(x)
                            .editMetadata()
                            .addToLabels(Names.SCOPE, scope.label())
                            .endMetadata()
                            .editSpec()
                            .editTemplate()
                            .editMetadata()
                            .addToLabels(Names.SCOPE, scope.label())
                            .endMetadata()
                            .endTemplate()
                            .endSpec()
                            .build());
        }
        return placement(d);
    }

    /**
     * Takes the placement out of the route (or hands its pods' share to the other placement of its scope), then its
     * pods go after the drain delay (a canary's after the abort delay). Refused while it is the only placement of a
     * scope that still gets traffic.
     */
    @Override
    public synchronized void remove(Placement placement) {
        Deployment d = deployment(placement.id());
        if (d == null || removeAfter(d).isPresent()) {
            return;
        }
        String component = d.getMetadata().getAnnotations().get(Names.COMPONENT_REF);
        Where w = new Where(
                d.getMetadata().getNamespace(), d.getMetadata().getLabels().get(Names.APP));
        Traffic.Member gone = member(d);
        List<Traffic.Member> peers = live(w, component).stream()
                .map(KubernetesTarget::member)
                .filter(m -> m.scope() == gone.scope() && !m.name().equals(gone.name()))
                .toList();
        if (options.gateway().isPresent()) {
            Map<String, Integer> weights = routeWeights(w);
            int own = weights.getOrDefault(gone.name(), 0);
            if (own > 0 && peers.isEmpty()) {
                throw new IllegalStateException(placement.id() + " still gets " + own + " % of " + component
                        + "; set the weight of " + gone.scope().label() + " to 0 first");
            }
            weights.remove(gone.name());
            if (own > 0) {
                int[] extra = Traffic.apportion(
                        own, peers.stream().mapToInt(Traffic.Member::instances).toArray());
                for (int i = 0; i < peers.size(); i++) {
                    weights.merge(peers.get(i).name(), extra[i], Integer::sum);
                }
            }
            route(w, component, weights);
            Duration delay = gone.scope() == Scope.CANARY ? options.abortDelay() : options.drainDelay();
            resource(placement.id())
                    .edit(x -> new DeploymentBuilder(x)
                            .editMetadata()
                            .addToAnnotations(
                                    Names.REMOVE_AFTER,
                                    clock.instant().plus(delay).toString())
                            .endMetadata()
                            .build());
        } else {
            int pods = replicas(d);
            if (pods > 0 && peers.isEmpty() && gone.scope() == Scope.STABLE) {
                throw new IllegalStateException(placement.id() + " is the only stable placement of " + component
                        + " and still runs " + pods + " pod(s) behind its Service; promote another first");
            }
            if (pods > 0 && !peers.isEmpty()) { // the peer takes the pods' share before they stop
                Traffic.Member peer = peers.get(0);
                Deployment p = client.apps()
                        .deployments()
                        .inNamespace(w.namespace())
                        .withName(peer.name())
                        .get();
                scale(w.namespace(), peer.name(), replicas(p) + pods);
            }
            delete(w.namespace(), gone.name());
        }
    }

    @Override
    public List<Placement> placements() {
        List<Placement> out = new ArrayList<>();
        for (Deployment d : managed()) {
            if (removeAfter(d).isEmpty()) {
                out.add(placement(d));
            }
        }
        return out;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        if (ownsClient) {
            client.close();
        }
    }

    // ---- the cluster's view ---------------------------------------------------------------------------------------

    /** Instances as the Deployment's status counts them; none ready while the status lags behind the spec. */
    static List<InstanceStatus> statuses(Deployment d, int servicePort) {
        int desired = replicas(d);
        DeploymentStatus st = d.getStatus();
        long generation =
                d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        boolean current = st != null
                && (generation == 0 || st.getObservedGeneration() != null && st.getObservedGeneration() >= generation);
        int ready = current && st.getReadyReplicas() != null ? st.getReadyReplicas() : 0;
        String failure = current ? failure(st) : null;
        String name = d.getMetadata().getName();
        String address = name + "." + d.getMetadata().getNamespace() + ".svc:" + servicePort;
        List<InstanceStatus> out = new ArrayList<>(desired);
        for (int i = 0; i < desired; i++) {
            if (i < ready) {
                out.add(new InstanceStatus(name + "-" + i, address, InstanceStatus.Health.READY, "ready"));
            } else if (failure != null) {
                out.add(new InstanceStatus(name + "-" + i, address, InstanceStatus.Health.FAILED, failure));
            } else {
                out.add(new InstanceStatus(
                        name + "-" + i,
                        address,
                        InstanceStatus.Health.STARTING,
                        current ? ready + " of " + desired + " ready" : "the controller has not seen this spec yet"));
            }
        }
        return out;
    }

    private static String failure(DeploymentStatus st) {
        if (st.getConditions() == null) {
            return null;
        }
        for (DeploymentCondition c : st.getConditions()) {
            boolean deadline = "Progressing".equals(c.getType())
                    && "False".equals(c.getStatus())
                    && "ProgressDeadlineExceeded".equals(c.getReason());
            boolean replicaFailure = "ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus());
            if (deadline || replicaFailure) {
                return c.getReason() + ": " + c.getMessage();
            }
        }
        return null;
    }

    private static int replicas(Deployment d) {
        Integer r = d.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    private static Traffic.Member member(Deployment d) {
        String n = d.getMetadata().getAnnotations().get(Names.INSTANCES);
        return new Traffic.Member(
                d.getMetadata().getName(),
                Scope.ofLabel(d.getMetadata().getLabels().get(Names.SCOPE)),
                n == null ? replicas(d) : Integer.parseInt(n));
    }

    private static Placement placement(Deployment d) {
        var m = d.getMetadata();
        return new Placement(
                m.getNamespace() + "/" + m.getName(),
                m.getAnnotations().get(Names.COMPONENT_REF),
                Scope.ofLabel(m.getLabels().get(Names.SCOPE)),
                m.getAnnotations().get(Names.VERSION_TEXT));
    }

    private static Optional<Instant> removeAfter(Deployment d) {
        String at = d.getMetadata().getAnnotations() == null
                ? null
                : d.getMetadata().getAnnotations().get(Names.REMOVE_AFTER);
        if (at == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(at));
        } catch (DateTimeParseException e) {
            return Optional.of(Instant.EPOCH); // unreadable: due now
        }
    }

    private Resource<Deployment> resource(String placementId) {
        int slash = placementId.indexOf('/');
        if (slash < 1) {
            throw new IllegalArgumentException("'" + placementId + "' is not a placement of this target");
        }
        return client.apps()
                .deployments()
                .inNamespace(placementId.substring(0, slash))
                .withName(placementId.substring(slash + 1));
    }

    private Deployment deployment(String placementId) {
        Deployment d = resource(placementId).get();
        return d != null && Names.MANAGER.equals(d.getMetadata().getLabels().get(Names.MANAGED_BY)) ? d : null;
    }

    /** The component's placements that are not on their way out. */
    private List<Deployment> live(Where w, String component) {
        return client
                .apps()
                .deployments()
                .inNamespace(w.namespace())
                .withLabel(Names.MANAGED_BY, Names.MANAGER)
                .withLabel(Names.COMPONENT, Names.componentLabel(component))
                .list()
                .getItems()
                .stream()
                .filter(d -> removeAfter(d).isEmpty())
                .toList();
    }

    /** Where the component runs: known from a deploy in this process, else found by its label on the cluster. */
    private Where where(String component) {
        Where w = components.get(component);
        if (w != null) {
            return w;
        }
        for (Deployment d : managed()) {
            var m = d.getMetadata();
            if (component.equals(m.getAnnotations().get(Names.COMPONENT_REF))) {
                w = new Where(m.getNamespace(), m.getLabels().get(Names.APP));
                components.put(component, w);
                return w;
            }
        }
        return null;
    }

    /** Every Deployment this target made: in all namespaces, or where it knows of when it may not list them all. */
    private List<Deployment> managed() {
        try {
            return client.apps()
                    .deployments()
                    .inAnyNamespace()
                    .withLabel(Names.MANAGED_BY, Names.MANAGER)
                    .list()
                    .getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw e;
            }
            Set<String> namespaces = new LinkedHashSet<>();
            namespaces.add(options.namespace());
            components.values().forEach(w -> namespaces.add(w.namespace()));
            List<Deployment> out = new ArrayList<>();
            for (String ns : namespaces) {
                out.addAll(client.apps()
                        .deployments()
                        .inNamespace(ns)
                        .withLabel(Names.MANAGED_BY, Names.MANAGER)
                        .list()
                        .getItems());
            }
            return out;
        }
    }

    private void scale(String namespace, String name, int replicas) {
        Resource<Deployment> res =
                client.apps().deployments().inNamespace(namespace).withName(name);
        Deployment d = res.get();
        if (d != null && replicas(d) != replicas) {
            res.edit(x -> new DeploymentBuilder(x)
                    .editSpec()
                    .withReplicas(replicas)
                    .endSpec()
                    .build());
        }
    }

    // ---- the route ------------------------------------------------------------------------------------------------

    private Map<String, Integer> routeWeights(Where w) {
        HTTPRoute r = client.resources(HTTPRoute.class)
                .inNamespace(w.namespace())
                .withName(w.app())
                .get();
        Map<String, Integer> out = new HashMap<>();
        if (r != null && r.getSpec() != null && r.getSpec().getRules() != null) {
            for (HTTPRouteRule rule : r.getSpec().getRules()) {
                for (HTTPBackendRef ref : rule.getBackendRefs()) {
                    out.put(ref.getName(), ref.getWeight() == null ? 1 : ref.getWeight());
                }
            }
        }
        return out;
    }

    /** Writes the backendRefs of every rule of the component's route, creating the route the first time. */
    private void route(Where w, String component, Map<String, Integer> weights) {
        Resource<HTTPRoute> res =
                client.resources(HTTPRoute.class).inNamespace(w.namespace()).withName(w.app());
        HTTPRoute current = res.get();
        List<HTTPBackendRef> refs = Manifests.backendRefs(weights, options.servicePort());
        if (current == null) {
            client.resources(HTTPRoute.class)
                    .inNamespace(w.namespace())
                    .resource(Manifests.route(
                            w.namespace(), w.app(), component, options.gateway().orElseThrow(), refs))
                    .create();
            return;
        }
        var labels = current.getMetadata().getLabels();
        if (labels == null || !Names.MANAGER.equals(labels.get(Names.MANAGED_BY))) {
            throw new IllegalStateException("HTTPRoute " + w.namespace() + "/" + w.app()
                    + " exists and is not managed by Verdict; rename it or label it " + Names.MANAGED_BY + "="
                    + Names.MANAGER);
        }
        res.edit(r -> {
            HTTPRouteBuilder b = new HTTPRouteBuilder(r);
            List<HTTPRouteRule> rules =
                    r.getSpec().getRules() == null || r.getSpec().getRules().isEmpty()
                            ? List.of(new HTTPRouteRule())
                            : r.getSpec().getRules();
            List<HTTPRouteRule> rewritten = new ArrayList<>();
            for (HTTPRouteRule rule : rules) {
                HTTPRouteRule copy = new io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder(rule)
                        .withBackendRefs(refs)
                        .build();
                rewritten.add(copy);
            }
            return b.editSpec().withRules(rewritten).endSpec().build();
        });
    }

    // ---- removal --------------------------------------------------------------------------------------------------

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "removing placements past their delay failed; retrying: " + e);
        }
    }

    /** Deletes the placements whose delay has passed; runs every few seconds, also after a restart. */
    synchronized void sweep() {
        Instant now = clock.instant();
        for (Deployment d : managed()) {
            Optional<Instant> at = removeAfter(d);
            if (at.isPresent() && !at.get().isAfter(now)) {
                delete(d.getMetadata().getNamespace(), d.getMetadata().getName());
            }
        }
    }

    /**
     * The placement's Service first, then its Deployment: the Deployment is what marks a placement as present, so once
     * it is gone nothing of the placement is left (and a sweep that dies in between is repeated on the next one).
     */
    private void delete(String namespace, String name) {
        Service s = client.services().inNamespace(namespace).withName(name).get();
        if (s != null && Names.MANAGER.equals(s.getMetadata().getLabels().get(Names.MANAGED_BY))) {
            client.services().inNamespace(namespace).withName(name).delete();
        }
        client.apps().deployments().inNamespace(namespace).withName(name).delete();
    }
}
