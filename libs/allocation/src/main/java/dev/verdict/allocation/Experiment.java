package dev.verdict.allocation;

import java.util.List;
import java.util.Map;

/**
 * An experiment definition as allocation needs it, in GrowthBook's terms so definitions move over unchanged. Bucket
 * ranges are computed once, when the definition is made, not per unit.
 *
 * @param key           the experiment's key (the hash seed unless {@code seed} is set)
 * @param variations    the variations' values (at least two, or nobody is in the experiment)
 * @param weights       the variations' weights, or null for equal weights
 * @param coverage      the share of units included, 0..1 (NaN: all)
 * @param ranges        bucket ranges ({@code [s0, e0, s1, e1, …]}); null derives them from weights and coverage, once,
 *                      when the definition is made
 * @param condition     targeting on attributes ({@link Conditions}), or null
 * @param namespace     a slice of a namespace shared with mutually exclusive experiments, or null
 * @param filters       hash-range filters (GrowthBook's newer form of namespaces); when present, the namespace is
 *                      not consulted
 * @param force         a variation every included unit gets (a rollout), or null
 * @param hashAttribute the attribute that identifies a unit ({@code id} by default)
 * @param hashVersion   1 or 2
 * @param seed          the hash seed, or null for the key
 * @param active        false stops allocation (everyone sees variation 0, not in the experiment)
 */
public record Experiment(
        String key,
        List<Object> variations,
        double[] weights,
        double coverage,
        double[] ranges,
        Map<String, ?> condition,
        Namespace namespace,
        List<Filter> filters,
        Integer force,
        String hashAttribute,
        int hashVersion,
        String seed,
        boolean active) {

    public record Namespace(String id, double start, double end) {}

    /** Units whose hash of {@code attribute} with {@code seed} falls in none of {@code ranges} are filtered out. */
    public record Filter(String seed, double[] ranges, String attribute, int hashVersion) {}

    public Experiment {
        if (ranges == null) {
            ranges = Buckets.ranges(variations.size(), Double.isNaN(coverage) ? 1 : coverage, weights);
        }
    }

    public String hashSeed() {
        return seed == null || seed.isEmpty() ? key : seed;
    }
}
