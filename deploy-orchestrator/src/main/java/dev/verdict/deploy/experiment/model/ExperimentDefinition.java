package dev.verdict.deploy.experiment.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A validated experiment definition, as {@code POST /api/experiments} and {@code PUT /api/experiments/{key}} take it.
 * Allocation uses GrowthBook's terms (hash attribute and version, weights, coverage, namespace, condition), so a team
 * moving from GrowthBook keeps every unit in the same variation by giving the same {@code seed}.
 *
 * @param seed null: the key on the first phase (GrowthBook's default); every new phase gets a new one
 * @param fallbackAttribute GrowthBook's {@code fallbackAttribute}: with sticky bucketing, a unit without the hash
 *     attribute is hashed and remembered by this one (e.g. {@code deviceId} before login); null for none
 */
public record ExperimentDefinition(
        String key,
        String component,
        String decision,
        String hypothesis,
        List<Variation> variations,
        List<Double> weights,
        double coverage,
        String hashAttribute,
        int hashVersion,
        String seed,
        Namespace namespace,
        Map<String, Object> condition,
        Map<String, Integer> forced,
        Metrics metrics,
        @JsonInclude(JsonInclude.Include.NON_NULL) String fallbackAttribute) {

    /** Without a fallback attribute. */
    public ExperimentDefinition(
            String key,
            String component,
            String decision,
            String hypothesis,
            List<Variation> variations,
            List<Double> weights,
            double coverage,
            String hashAttribute,
            int hashVersion,
            String seed,
            Namespace namespace,
            Map<String, Object> condition,
            Map<String, Integer> forced,
            Metrics metrics) {
        this(
                key,
                component,
                decision,
                hypothesis,
                variations,
                weights,
                coverage,
                hashAttribute,
                hashVersion,
                seed,
                namespace,
                condition,
                forced,
                metrics,
                null);
    }

    public record Variation(String key, String name) {}

    /** GrowthBook's namespace: units whose namespace hash falls in [start, end) may enter. */
    public record Namespace(String name, double start, double end) {}

    /**
     * What is measured: the primary decides, the secondary inform, a guardrail may not get worse.
     *
     * @param plannedUnitsPerArm the sample size the sequential test spends its alpha over (ADR-0007); null: the
     *     deployment's {@code verdict.deploy.experiments.tuning-units}. Fixed within a phase: a plan changed after a
     *     look at the data voids the test's error bound. Left out of the JSON when null, so definitions (and their
     *     hashes) written before the field existed stay the same.
     */
    public record Metrics(
            String primary,
            List<String> secondary,
            List<Guardrail> guardrails,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long plannedUnitsPerArm) {

        /** Every metric, primary first, then secondary, then guardrails. */
        public List<String> all() {
            List<String> all = new ArrayList<>();
            all.add(primary);
            all.addAll(secondary);
            guardrails.forEach(g -> all.add(g.metric()));
            return all;
        }
    }

    /**
     * A guardrail: the treatment may not move the metric in the bad direction by more than {@code tolerance}
     * (relative), e.g. {@code {metric: error-rate, direction: increase, tolerance: 0.05}}.
     */
    public record Guardrail(String metric, String badDirection, double tolerance) {}

    /** The planned units per arm of this definition, or {@code fallback} when it names none. */
    public long plannedUnitsPerArm(long fallback) {
        return metrics != null && metrics.plannedUnitsPerArm() != null ? metrics.plannedUnitsPerArm() : fallback;
    }

    /** The fields that decide which unit gets which variation: a change of them needs a new phase. */
    public boolean sameAllocation(ExperimentDefinition o) {
        return variations.stream()
                        .map(Variation::key)
                        .toList()
                        .equals(o.variations.stream().map(Variation::key).toList())
                && weights.equals(o.weights)
                && coverage == o.coverage
                && hashAttribute.equals(o.hashAttribute)
                && hashVersion == o.hashVersion
                && java.util.Objects.equals(fallbackAttribute, o.fallbackAttribute)
                && java.util.Objects.equals(namespace, o.namespace)
                && java.util.Objects.equals(condition, o.condition)
                && (o.seed == null || o.seed.equals(seed));
    }
}
