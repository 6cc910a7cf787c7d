package dev.verdict.events.experiment;

import java.util.List;
import java.util.Map;

/**
 * {@code dev.verdict.experiment.experiment-changed.v1}: an experiment's definition as it is now, after a create,
 * start, new phase, stop or conclude. Carries all an SDK needs to allocate locally (GrowthBook's experiment shape:
 * seed, hash attribute and version, weights, coverage, namespace) and all the aggregation needs to accept exposures
 * and metric observations (status, phase, metrics).
 *
 * @param key            the experiment's unique key, e.g. {@code new-checkout} (also the Kafka key)
 * @param component      the catalog ref of the component it runs on
 * @param decision       optional decision ref, e.g. {@code ADR-0003}
 * @param status         {@code draft}, {@code running}, {@code stopped} or {@code concluded}
 * @param phase          1 for the first run; a new phase starts with a new seed (weights may change only then)
 * @param phaseStarted   ISO-8601 instant the current phase started, null in draft
 * @param seed           the hash seed of the current phase
 * @param hashAttribute  the unit attribute that is hashed, e.g. {@code id}
 * @param hashVersion    GrowthBook's hash version, 1 or 2
 * @param variations     variation keys, e.g. {@code [control, treatment]}; index 0 is the control
 * @param weights        one weight per variation, summing to 1
 * @param coverage       the share of units in the experiment, 0..1
 * @param namespace      optional {@code [name, start, end]} range for mutually exclusive experiments, else null
 * @param condition      optional GrowthBook targeting condition on unit attributes, else null
 * @param forced         QA units that always see one variation (unit id → index) and are never counted
 * @param metrics        every metric the experiment measures: primary first, then secondary, then guardrails
 * @param definitionHash SHA-256 of the canonical definition of this phase (provenance of every result)
 * @param actor          who made the change, e.g. {@code user:engineer}
 * @param bucketVersion  GrowthBook's sticky bucket version of the current phase (ADR-0006): 0 in phase 1, one more
 *                       in each phase that re-randomises, the same in a phase that keeps sticky units; null in an
 *                       event written before sticky bucketing (then every phase re-randomised: phase - 1)
 * @param minBucketVersion sticky assignments of an older bucket version exclude their unit (GrowthBook's
 *                       {@code minBucketVersion}); null in an event written before sticky bucketing (0)
 * @param fallbackAttribute GrowthBook's {@code fallbackAttribute}: with sticky bucketing, a unit without the hash
 *                       attribute (an anonymous visitor before login) is hashed and remembered by this one, e.g.
 *                       {@code deviceId}; null for none (and in an event written before it existed)
 */
public record ExperimentChanged(
        String key,
        String component,
        String decision,
        String status,
        int phase,
        String phaseStarted,
        String seed,
        String hashAttribute,
        int hashVersion,
        List<String> variations,
        List<Double> weights,
        double coverage,
        NamespaceRange namespace,
        Map<String, Object> condition,
        Map<String, Integer> forced,
        List<String> metrics,
        String definitionHash,
        String actor,
        Integer bucketVersion,
        Integer minBucketVersion,
        String fallbackAttribute) {

    /** Without a fallback attribute, as events were written before it existed. */
    public ExperimentChanged(
            String key,
            String component,
            String decision,
            String status,
            int phase,
            String phaseStarted,
            String seed,
            String hashAttribute,
            int hashVersion,
            List<String> variations,
            List<Double> weights,
            double coverage,
            NamespaceRange namespace,
            Map<String, Object> condition,
            Map<String, Integer> forced,
            List<String> metrics,
            String definitionHash,
            String actor,
            Integer bucketVersion,
            Integer minBucketVersion) {
        this(
                key,
                component,
                decision,
                status,
                phase,
                phaseStarted,
                seed,
                hashAttribute,
                hashVersion,
                variations,
                weights,
                coverage,
                namespace,
                condition,
                forced,
                metrics,
                definitionHash,
                actor,
                bucketVersion,
                minBucketVersion,
                null);
    }

    /** Without the sticky bucket versions, as events were written before ADR-0006. */
    public ExperimentChanged(
            String key,
            String component,
            String decision,
            String status,
            int phase,
            String phaseStarted,
            String seed,
            String hashAttribute,
            int hashVersion,
            List<String> variations,
            List<Double> weights,
            double coverage,
            NamespaceRange namespace,
            Map<String, Object> condition,
            Map<String, Integer> forced,
            List<String> metrics,
            String definitionHash,
            String actor) {
        this(
                key,
                component,
                decision,
                status,
                phase,
                phaseStarted,
                seed,
                hashAttribute,
                hashVersion,
                variations,
                weights,
                coverage,
                namespace,
                condition,
                forced,
                metrics,
                definitionHash,
                actor,
                null,
                null);
    }

    /** The sticky bucket version in force: as published, or {@code phase - 1} for an event from before ADR-0006. */
    public int stickyBucketVersion() {
        return bucketVersion != null ? bucketVersion : Math.max(phase - 1, 0);
    }

    /** The minimum sticky bucket version in force: as published, or 0. */
    public int stickyMinBucketVersion() {
        return minBucketVersion != null ? minBucketVersion : 0;
    }

    /** GrowthBook's namespace: the experiment takes the units whose namespace hash falls in [start, end). */
    public record NamespaceRange(String name, double start, double end) {}
}
