package dev.verdict.allocation;

import java.util.Map;

/**
 * Which variation a unit gets, decided locally from the definition and the unit's attributes, in GrowthBook's
 * order of checks: too few variations, allocation disabled, a {@code ?key=n} URL override, forced variations of the
 * caller, an inactive experiment, a unit without the hash attribute, filters or namespace, targeting, the hash and
 * its bucket, a forced variation of the definition, QA mode. Only the hash and bucket put a unit "in" the
 * experiment ({@link Allocation#hashUsed()}); every other way out is variation 0 and not in it.
 */
public final class Allocator {

    /** The caller's side: the unit's attributes and the switches GrowthBook's context has. */
    public record Context(
            Map<String, ?> attributes,
            boolean enabled,
            Map<String, Integer> forcedVariations,
            boolean qaMode,
            String url,
            Map<String, ?> savedGroups) {

        public static Context of(Map<String, ?> attributes) {
            return new Context(attributes, true, Map.of(), false, null, Map.of());
        }
    }

    /** The outcome: the variation's index and value, whether the unit is in the experiment, whether hashed. */
    public record Allocation(int variation, Object value, boolean inExperiment, boolean hashUsed, double bucket) {}

    private Allocator() {}

    public static Allocation run(Experiment e, Context ctx) {
        int n = e.variations().size();
        if (n < 2 || !ctx.enabled()) {
            return out(e);
        }
        Integer fromUrl = urlOverride(e.key(), ctx.url(), n);
        if (fromUrl != null) {
            return result(e, fromUrl, false, Double.NaN);
        }
        Integer forced =
                ctx.forcedVariations() == null ? null : ctx.forcedVariations().get(e.key());
        if (forced != null) {
            return result(e, forced, false, Double.NaN);
        }
        if (!e.active()) {
            return out(e);
        }
        String unit = hashValue(ctx.attributes(), e.hashAttribute());
        if (unit == null) {
            return out(e);
        }
        if (e.filters() != null && !e.filters().isEmpty()) {
            for (Experiment.Filter f : e.filters()) {
                String v = hashValue(ctx.attributes(), f.attribute());
                if (v == null) {
                    return out(e);
                }
                double h = GrowthBookHash.hash(f.seed(), v, f.hashVersion() == 0 ? 2 : f.hashVersion());
                if (Double.isNaN(h) || Buckets.choose(h, f.ranges()) < 0) {
                    return out(e);
                }
            }
        } else if (e.namespace() != null
                && !Buckets.inNamespace(
                        unit,
                        e.namespace().id(),
                        e.namespace().start(),
                        e.namespace().end())) {
            return out(e);
        }
        if (e.condition() != null && !Conditions.matches(ctx.attributes(), e.condition(), ctx.savedGroups())) {
            return out(e);
        }
        double h = GrowthBookHash.hash(e.hashSeed(), unit, e.hashVersion() == 0 ? 1 : e.hashVersion());
        if (Double.isNaN(h)) {
            return out(e);
        }
        int assigned = Buckets.choose(h, e.ranges());
        if (assigned < 0) {
            return out(e);
        }
        if (e.force() != null) {
            return result(e, e.force(), false, Double.NaN);
        }
        if (ctx.qaMode()) {
            return out(e);
        }
        return result(e, assigned, true, h);
    }

    private static Allocation out(Experiment e) {
        return result(e, -1, false, Double.NaN);
    }

    private static Allocation result(Experiment e, int variation, boolean hashUsed, double bucket) {
        boolean in = variation >= 0 && variation < e.variations().size();
        int v = in ? variation : 0;
        return new Allocation(
                v, e.variations().isEmpty() ? null : e.variations().get(v), in, hashUsed, bucket);
    }

    /** The unit's identity: the attribute's value as a string, or null when it is missing or falsy. */
    static String hashValue(Map<String, ?> attributes, String attribute) {
        Object v =
                attributes == null ? null : attributes.get(attribute == null || attribute.isEmpty() ? "id" : attribute);
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
