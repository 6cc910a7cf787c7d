package dev.verdict.allocation;

import java.util.List;
import java.util.Map;

/**
 * An experiment definition as allocation needs it, in GrowthBook's terms so definitions move over unchanged. Bucket
 * ranges and every possible {@link Allocator.Allocation} are made once, when the definition is made, so allocating a
 * unit allocates no memory.
 *
 * <p>The constructor's parameters:
 *
 * <ul>
 *   <li>{@code key}: the experiment's key (the hash seed unless {@code seed} is set);
 *   <li>{@code variations}: the variations' values (at least two, or nobody is in the experiment);
 *   <li>{@code weights}: the variations' weights, or null for equal weights;
 *   <li>{@code coverage}: the share of units included, 0..1 (NaN: all);
 *   <li>{@code ranges}: bucket ranges ({@code [s0, e0, s1, e1, …]}); null derives them from weights and coverage;
 *   <li>{@code condition}: targeting on attributes ({@link Conditions}), or null;
 *   <li>{@code namespace}: a slice of a namespace shared with mutually exclusive experiments, or null;
 *   <li>{@code filters}: hash-range filters (GrowthBook's newer form of namespaces); when present, the namespace is
 *       not consulted;
 *   <li>{@code force}: a variation every included unit gets (a rollout), or null;
 *   <li>{@code hashAttribute}: the attribute that identifies a unit ({@code id} by default);
 *   <li>{@code hashVersion}: 1 or 2;
 *   <li>{@code seed}: the hash seed, or null for the key;
 *   <li>{@code active}: false stops allocation (everyone sees variation 0, not in the experiment);
 *   <li>{@code sticky}: how sticky bucketing treats this experiment ({@link Sticky#DEFAULTS} when not given).
 * </ul>
 */
public final class Experiment {

    /**
     * GrowthBook's sticky-bucketing fields of an experiment.
     *
     * @param variationKeys      the variations' keys as sticky documents store them (GrowthBook's {@code meta[i].key});
     *                           null, or a missing entry, is the index as a string
     * @param fallbackAttribute  identifies a unit that lacks the hash attribute (e.g. an anonymous id before login);
     *                           only used when sticky bucketing is on
     * @param bucketVersion      raising it re-randomises everyone (earlier assignments are not read)
     * @param minBucketVersion   units assigned under an older bucket version are excluded
     * @param disabled           this experiment ignores sticky documents
     */
    public record Sticky(
            List<String> variationKeys,
            String fallbackAttribute,
            int bucketVersion,
            int minBucketVersion,
            boolean disabled) {

        public static final Sticky DEFAULTS = new Sticky(null, null, 0, 0, false);
    }

    public record Namespace(String id, double start, double end) {}

    /** Units whose hash of {@code attribute} with {@code seed} falls in none of {@code ranges} are filtered out. */
    public record Filter(String seed, double[] ranges, String attribute, int hashVersion) {}

    private final String key;
    private final List<Object> variations;
    private final double[] weights;
    private final double coverage;
    private final double[] ranges;
    private final Map<String, ?> condition;
    private final Namespace namespace;
    private final List<Filter> filters;
    private final Integer force;
    private final String hashAttribute;
    private final int hashVersion;
    private final String seed;
    private final boolean active;
    private final Sticky sticky;

    // every outcome Allocator.run can return, made once: [variation] hashed, hashed from a sticky document, not hashed
    private final Allocator.Allocation[] hashed;
    private final Allocator.Allocation[] stuck;
    private final Allocator.Allocation[] notHashed;
    private final Allocator.Allocation out;
    private final Allocator.Allocation outBlocked;

    public Experiment(
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
        this(
                key,
                variations,
                weights,
                coverage,
                ranges,
                condition,
                namespace,
                filters,
                force,
                hashAttribute,
                hashVersion,
                seed,
                active,
                Sticky.DEFAULTS);
    }

    public Experiment(
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
            boolean active,
            Sticky sticky) {
        this.key = key;
        this.variations = variations;
        this.weights = weights;
        this.coverage = coverage;
        this.ranges = ranges != null
                ? ranges
                : Buckets.ranges(variations.size(), Double.isNaN(coverage) ? 1 : coverage, weights);
        this.condition = condition;
        this.namespace = namespace;
        this.filters = filters;
        this.force = force;
        this.hashAttribute = hashAttribute;
        this.hashVersion = hashVersion;
        this.seed = seed;
        this.active = active;
        this.sticky = sticky == null ? Sticky.DEFAULTS : sticky;
        int n = variations.size();
        hashed = new Allocator.Allocation[n];
        stuck = new Allocator.Allocation[n];
        notHashed = new Allocator.Allocation[n];
        for (int v = 0; v < n; v++) {
            Object value = variations.get(v);
            hashed[v] = new Allocator.Allocation(v, value, true, true, false);
            stuck[v] = new Allocator.Allocation(v, value, true, true, true);
            notHashed[v] = new Allocator.Allocation(v, value, true, false, false);
        }
        Object control = n == 0 ? null : variations.get(0);
        out = new Allocator.Allocation(0, control, false, false, false);
        outBlocked = new Allocator.Allocation(0, control, false, false, true);
    }

    public String key() {
        return key;
    }

    public List<Object> variations() {
        return variations;
    }

    public double[] weights() {
        return weights;
    }

    public double coverage() {
        return coverage;
    }

    public double[] ranges() {
        return ranges;
    }

    public Map<String, ?> condition() {
        return condition;
    }

    public Namespace namespace() {
        return namespace;
    }

    public List<Filter> filters() {
        return filters;
    }

    public Integer force() {
        return force;
    }

    public String hashAttribute() {
        return hashAttribute;
    }

    public int hashVersion() {
        return hashVersion;
    }

    public String seed() {
        return seed;
    }

    public boolean active() {
        return active;
    }

    public Sticky sticky() {
        return sticky;
    }

    public String hashSeed() {
        return seed == null || seed.isEmpty() ? key : seed;
    }

    /** The key sticky documents store for variation {@code v}. */
    public String variationKey(int v) {
        List<String> keys = sticky.variationKeys();
        String k = keys == null || v >= keys.size() ? null : keys.get(v);
        return k == null ? Integer.toString(v) : k;
    }

    /** The outcome for variation {@code v}: in the experiment when {@code v} is one of its variations. */
    Allocator.Allocation outcome(int v, boolean hashUsed, boolean fromSticky) {
        if (v < 0 || v >= hashed.length) {
            return out;
        }
        return hashUsed ? (fromSticky ? stuck[v] : hashed[v]) : notHashed[v];
    }

    Allocator.Allocation out() {
        return out;
    }

    /** Not in the experiment because a sticky document holds an assignment older than {@code minBucketVersion}. */
    Allocator.Allocation outBlocked() {
        return outBlocked;
    }
}
