package dev.verdict.allocation;

import java.util.Map;

/**
 * Which variation a unit gets, decided locally from the definition and the unit's attributes, in GrowthBook's
 * order of checks: too few variations, allocation disabled, a {@code ?key=n} URL override, forced variations of the
 * caller, an inactive experiment, a unit without the hash attribute (or, with sticky bucketing, its fallback
 * attribute), a sticky assignment (which skips filters and targeting), filters or namespace, targeting, the hash and
 * its bucket, a sticky assignment older than the experiment's minimum bucket version, a forced variation of the
 * definition, QA mode. Only the hash and bucket put a unit "in" the experiment ({@link Allocation#hashUsed()}); every
 * other way out is variation 0 and not in it. Without sticky documents (or targeting) a call allocates no memory:
 * the outcomes are made with the {@link Experiment}.
 */
public final class Allocator {

    /**
     * The caller's side: the unit's attributes and the switches GrowthBook's context has.
     *
     * @param sticky the unit's sticky bucket documents, or null for no sticky bucketing; assignments are recorded in it
     */
    public record Context(
            Map<String, ?> attributes,
            boolean enabled,
            Map<String, Integer> forcedVariations,
            boolean qaMode,
            String url,
            Map<String, ?> savedGroups,
            StickyBuckets sticky) {

        public Context(
                Map<String, ?> attributes,
                boolean enabled,
                Map<String, Integer> forcedVariations,
                boolean qaMode,
                String url,
                Map<String, ?> savedGroups) {
            this(attributes, enabled, forcedVariations, qaMode, url, savedGroups, null);
        }

        public static Context of(Map<String, ?> attributes) {
            return new Context(attributes, true, Map.of(), false, null, Map.of(), null);
        }

        public static Context of(Map<String, ?> attributes, StickyBuckets sticky) {
            return new Context(attributes, true, Map.of(), false, null, Map.of(), sticky);
        }
    }

    /**
     * The outcome: the variation's index and value, whether the unit is in the experiment, whether hashed, whether a
     * sticky document decided it (or, out of the experiment, excluded it by bucket version).
     */
    public record Allocation(
            int variation, Object value, boolean inExperiment, boolean hashUsed, boolean stickyBucketUsed) {}

    private Allocator() {}

    public static Allocation run(Experiment e, Context ctx) {
        int n = e.variations().size();
        if (n < 2 || !ctx.enabled()) {
            return e.out();
        }
        Integer fromUrl = urlOverride(e.key(), ctx.url(), n);
        if (fromUrl != null) {
            return e.outcome(fromUrl, false, false);
        }
        Integer forced =
                ctx.forcedVariations() == null ? null : ctx.forcedVariations().get(e.key());
        if (forced != null) {
            return e.outcome(forced, false, false);
        }
        return hashed(e, ctx.attributes(), ctx.savedGroups(), ctx.qaMode(), ctx.sticky());
    }

    /** A unit of a server-side caller: no URL, no caller's overrides, no QA mode, no saved groups. */
    public static Allocation run(Experiment e, Map<String, ?> attributes, StickyBuckets sticky) {
        if (e.variations().size() < 2) {
            return e.out();
        }
        return hashed(e, attributes, Map.of(), false, sticky);
    }

    /** From the active check on: what the hash, sticky documents, filters and targeting decide. */
    private static Allocation hashed(
            Experiment e, Map<String, ?> attributes, Map<String, ?> savedGroups, boolean qaMode, StickyBuckets s) {
        int n = e.variations().size();
        if (!e.active()) {
            return e.out();
        }
        StickyBuckets sticky = e.sticky().disabled() ? null : s;
        String own = hashValue(attributes, e.hashAttribute());
        String attribute = attribute(e.hashAttribute());
        String unit = own;
        String fallback = sticky == null ? null : e.sticky().fallbackAttribute();
        String fallbackUnit = fallback == null ? null : hashValue(attributes, fallback);
        if (unit == null && fallbackUnit != null) {
            attribute = fallback;
            unit = fallbackUnit;
        }
        if (unit == null) {
            return e.out();
        }
        int assigned = -1;
        boolean fromSticky = false;
        boolean blocked = false;
        if (sticky != null) {
            String hashKey = own == null ? null : StickyBuckets.key(attribute(e.hashAttribute()), own);
            String fallbackKey = fallbackUnit == null ? null : StickyBuckets.key(fallback, fallbackUnit);
            for (int v = 0; v < e.sticky().minBucketVersion() && !blocked; v++) {
                blocked = sticky.assignment(hashKey, fallbackKey, StickyBuckets.experimentKey(e.key(), v)) != null;
            }
            if (!blocked) {
                String stored = sticky.assignment(
                        hashKey,
                        fallbackKey,
                        StickyBuckets.experimentKey(e.key(), e.sticky().bucketVersion()));
                for (int v = 0; stored != null && v < n; v++) {
                    if (stored.equals(e.variationKey(v))) {
                        assigned = v;
                        fromSticky = true;
                        break;
                    }
                }
            }
        }
        if (!fromSticky) {
            if (e.filters() != null && !e.filters().isEmpty()) {
                for (Experiment.Filter f : e.filters()) {
                    String v = hashValue(attributes, f.attribute());
                    if (v == null) {
                        return e.out();
                    }
                    double h = GrowthBookHash.hash(f.seed(), v, f.hashVersion() == 0 ? 2 : f.hashVersion());
                    if (Double.isNaN(h) || Buckets.choose(h, f.ranges()) < 0) {
                        return e.out();
                    }
                }
            } else if (e.namespace() != null
                    && !Buckets.inNamespace(
                            unit,
                            e.namespace().id(),
                            e.namespace().start(),
                            e.namespace().end())) {
                return e.out();
            }
            if (e.condition() != null && !Conditions.matches(attributes, e.condition(), savedGroups)) {
                return e.out();
            }
        }
        double h = GrowthBookHash.hash(e.hashSeed(), unit, e.hashVersion() == 0 ? 1 : e.hashVersion());
        if (Double.isNaN(h)) {
            return e.out();
        }
        if (!fromSticky) {
            assigned = Buckets.choose(h, e.ranges());
        }
        if (blocked) {
            return e.outBlocked();
        }
        if (assigned < 0) {
            return e.out();
        }
        if (e.force() != null) {
            return e.outcome(e.force(), false, false);
        }
        if (qaMode) {
            return e.out();
        }
        if (sticky != null) {
            sticky.record(
                    attribute,
                    unit,
                    StickyBuckets.experimentKey(e.key(), e.sticky().bucketVersion()),
                    e.variationKey(assigned));
        }
        return e.outcome(assigned, true, fromSticky);
    }

    private static String attribute(String a) {
        return a == null || a.isEmpty() ? "id" : a;
    }

    /** The unit's identity: the attribute's value as a string, or null when it is missing or falsy. */
    static String hashValue(Map<String, ?> attributes, String attribute) {
        Object v = attributes == null ? null : attributes.get(attribute(attribute));
        return Conditions.Js.truthy(v) ? Conditions.Js.string(v) : null;
    }

    /** {@code ?my-test=1} in the URL forces variation 1 of experiment {@code my-test} (QA links). */
    static Integer urlOverride(String key, String url, int variations) {
        if (url == null || url.indexOf('?') < 0) {
            return null;
        }
        String query = url.substring(url.indexOf('?') + 1);
        int hash = query.indexOf('#');
        if (hash >= 0) {
            query = query.substring(0, hash);
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (k.equals(key)) {
                Integer v = eq < 0 ? null : leadingInt(pair.substring(eq + 1));
                return v != null && v >= 0 && v < variations ? v : null;
            }
        }
        return null;
    }

    /** JavaScript's parseInt: leading whitespace, a sign, digits; null when there are none. */
    private static Integer leadingInt(String s) {
        String t = s.stripLeading();
        int i = 0;
        if (i < t.length() && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
            i++;
        }
        int start = i;
        while (i < t.length() && Character.isDigit(t.charAt(i)) && i - start < 9) {
            i++;
        }
        return i == start ? null : Integer.parseInt(t.substring(0, i));
    }
}
