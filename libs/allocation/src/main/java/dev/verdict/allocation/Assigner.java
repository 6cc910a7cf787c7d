package dev.verdict.allocation;

import java.util.Map;

/**
 * One unit's assignment as every Verdict caller makes it (the REST endpoint and the Java SDK): a forced QA unit gets
 * its variation and is not counted; everyone else goes through {@link Allocator#run}. The reason says, in words, why a
 * unit is or is not in the experiment. Outcomes are shared constants, so an assignment allocates no memory (except
 * for a unit that lacks its attribute, whose reason names it).
 */
public final class Assigner {

    public static final String HASHED = "hashed";
    public static final String STICKY = "sticky";
    public static final String FORCED = "forced";
    public static final String NOT_RUNNING = "not running";
    public static final String NOT_INCLUDED = "not included (coverage, namespace or targeting)";
    public static final String BLOCKED = "excluded: assigned under an earlier bucket version";

    /**
     * @param reason {@link #HASHED}, {@link #STICKY} (a sticky document kept the unit's variation), {@link #FORCED},
     *               {@link #NOT_RUNNING}, {@code no <attribute> attribute}, {@link #NOT_INCLUDED} or {@link #BLOCKED}
     */
    public record Outcome(int variation, boolean inExperiment, String reason) {}

    private static final int CACHED = 64;
    private static final Outcome[] HASHED_OUTCOMES = new Outcome[CACHED];
    private static final Outcome[] STICKY_OUTCOMES = new Outcome[CACHED];
    private static final Outcome[] FORCED_OUTCOMES = new Outcome[CACHED];
    private static final Outcome NOT_RUNNING_OUTCOME = new Outcome(0, false, NOT_RUNNING);
    private static final Outcome NOT_INCLUDED_OUTCOME = new Outcome(0, false, NOT_INCLUDED);
    private static final Outcome BLOCKED_OUTCOME = new Outcome(0, false, BLOCKED);

    static {
        for (int v = 0; v < CACHED; v++) {
            HASHED_OUTCOMES[v] = new Outcome(v, true, HASHED);
            STICKY_OUTCOMES[v] = new Outcome(v, true, STICKY);
            FORCED_OUTCOMES[v] = new Outcome(v, false, FORCED);
        }
    }

    private Assigner() {}

    /** The unit an assignment is for: the hash attribute's value as a string, or null when the unit has none. */
    public static String unit(Experiment e, Map<String, ?> attributes) {
        Object id = attributes.get(e.hashAttribute() == null ? "id" : e.hashAttribute());
        return id == null ? null : String.valueOf(id);
    }

    /**
     * The unit as sticky bucketing identifies it: the hash attribute's value, or, when that is absent and the
     * experiment has a fallback attribute (GrowthBook's {@code fallbackAttribute}, e.g. a device id before login), the
     * fallback's. Without sticky bucketing the fallback is not used (GrowthBook's rule), so this is {@link #unit}.
     */
    public static String unit(Experiment e, Map<String, ?> attributes, boolean sticky) {
        String own = unit(e, attributes);
        String fallback = e.sticky().fallbackAttribute();
        if (own != null || !sticky || e.sticky().disabled() || fallback == null) {
            return own;
        }
        return Allocator.hashValue(attributes, fallback);
    }

    /**
     * The attribute values whose sticky documents the unit may have (attribute name → value): its hash attribute's
     * and, when the experiment has one, its fallback attribute's, as GrowthBook's SDKs load both.
     */
    public static Map<String, String> stickyAttributes(Experiment e, Map<String, ?> attributes) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        String hash = e.hashAttribute() == null || e.hashAttribute().isEmpty() ? "id" : e.hashAttribute();
        String own = Allocator.hashValue(attributes, hash);
        if (own != null) {
            out.put(hash, own);
        }
        String fallback = e.sticky().fallbackAttribute();
        String other = fallback == null ? null : Allocator.hashValue(attributes, fallback);
        if (other != null) {
            out.put(fallback, other);
        }
        return out;
    }

    public static Outcome assign(Experiment e, Map<String, Integer> forced, Map<String, ?> attributes) {
        return assign(e, forced, attributes, null);
    }

    /** With the unit's sticky documents (null: none); a new assignment is recorded in them. */
    public static Outcome assign(
            Experiment e, Map<String, Integer> forced, Map<String, ?> attributes, StickyBuckets sticky) {
        String unit = unit(e, attributes);
        Integer f = unit == null ? null : forced.get(unit);
        if (f != null) {
            return cached(FORCED_OUTCOMES, f, false, FORCED);
        }
        Allocator.Allocation a = Allocator.run(e, attributes, sticky);
        if (a.inExperiment()) {
            return a.stickyBucketUsed()
                    ? cached(STICKY_OUTCOMES, a.variation(), true, STICKY)
                    : cached(HASHED_OUTCOMES, a.variation(), true, HASHED);
        } else if (!e.active()) {
            return NOT_RUNNING_OUTCOME;
        } else if (a.stickyBucketUsed()) {
            return BLOCKED_OUTCOME;
        } else if (unit == null && !identifiedByFallback(e, attributes, sticky)) {
            return new Outcome(0, false, "no " + (e.hashAttribute() == null ? "id" : e.hashAttribute()) + " attribute");
        }
        return NOT_INCLUDED_OUTCOME;
    }

    /** Whether sticky bucketing identified the unit by its fallback attribute, the hash attribute being absent. */
    private static boolean identifiedByFallback(Experiment e, Map<String, ?> attributes, StickyBuckets sticky) {
        String fallback = e.sticky().fallbackAttribute();
        return sticky != null
                && !e.sticky().disabled()
                && fallback != null
                && Allocator.hashValue(attributes, fallback) != null;
    }

    private static Outcome cached(Outcome[] cache, int v, boolean in, String reason) {
        return v >= 0 && v < CACHED ? cache[v] : new Outcome(v, in, reason);
    }
}
