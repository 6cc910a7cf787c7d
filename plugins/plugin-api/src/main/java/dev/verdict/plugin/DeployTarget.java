package dev.verdict.plugin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where versions run and how traffic is split between them: local processes behind a weighted router, or
 * Deployments behind a Gateway API route. Calls may come from any thread; an implementation serializes what it must.
 * Every call is idempotent, because the orchestrator repeats the step it was in after a crash.
 */
public interface DeployTarget extends AutoCloseable {

    /** Starts the placement, or returns the one already running for the spec's deployment and scope. */
    Placement deploy(DeploySpec spec);

    /** The placement's instances and their health; empty if it is gone. */
    List<InstanceStatus> instances(Placement placement);

    /**
     * Splits the component's traffic: percent per scope, summing to 100; a scope without a placement must get 0.
     * Returns once new requests follow the split (requests in flight finish where they are).
     */
    void setWeights(String component, Map<Scope, Integer> percent);

    /** The placement serves {@code scope} from now on (a promoted canary becomes stable), keeping its weight. */
    Placement rescope(Placement placement, Scope scope);

    /** Stops the placement's instances; traffic to it must already be 0. Removing a removed placement is a no-op. */
    void remove(Placement placement);

    /**
     * Every placement the target runs, adopted ones included, so an orchestrator that restarted can remove the ones
     * it no longer knows (a deployment that finished while it was down, a database restored from a backup). Empty
     * for targets that cannot list them.
     */
    default List<Placement> placements() {
        return List.of();
    }

    /**
     * Stops every placement, traffic or not: the local stack shutting down. Targets whose placements outlive the
     * orchestrator on purpose (a cluster) leave this a no-op.
     */
    default void stopAll() {}

    /**
     * The metric source of a target that measures the traffic it routes itself (the process target's router), under
     * the query type it answers ({@code "router"}); empty for targets that leave measuring to a metrics system.
     */
    default Optional<Map.Entry<String, MetricSource>> ownMetrics() {
        return Optional.empty();
    }

    /** Releases what the target holds in this process; running placements are left as they are. */
    @Override
    default void close() {}

    /** Checks a split: every value 0..100, the sum 100. */
    static void checkWeights(Map<Scope, Integer> percent) {
        int sum = 0;
        for (var e : percent.entrySet()) {
            if (e.getValue() == null || e.getValue() < 0 || e.getValue() > 100) {
                throw new IllegalArgumentException(
                        "the weight of " + e.getKey().label() + " must be 0..100, not " + e.getValue());
            }
            sum += e.getValue();
        }
        if (sum != 100) {
            throw new IllegalArgumentException("weights must sum to 100, not " + sum + ": " + percent);
        }
    }
}
