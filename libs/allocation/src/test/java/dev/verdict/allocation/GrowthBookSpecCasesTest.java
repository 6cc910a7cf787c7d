package dev.verdict.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * GrowthBook's language-neutral SDK spec cases ({@code packages/sdk-js/test/cases.json} in growthbook/growthbook,
 * MIT) for the sections this library implements: hash, getBucketRange, chooseVariation, inNamespace,
 * getEqualWeights. The file is GrowthBook's, not ours, and none of the registries this build may use serves it, so
 * it is not in the repository: give its path with {@code -Dgrowthbook.cases=...} to run these
 * ({@code ./mvnw -B verify -pl libs/allocation -Dtest=GrowthBookSpecCasesTest -Dgrowthbook.cases=cases.json}).
 * The suite's own proof is {@link GrowthBookCompatibilityTest}.
 */
@EnabledIfSystemProperty(named = "growthbook.cases", matches = ".+")
class GrowthBookSpecCasesTest {

    static JsonNode cases() throws Exception {
        return new ObjectMapper()
                .readTree(Path.of(System.getProperty("growthbook.cases")).toFile());
    }

    static double[] numbers(JsonNode a) {
        if (a == null || a.isNull()) {
            return null;
        }
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    static double[] flat(JsonNode ranges) {
        double[] out = new double[2 * ranges.size()];
        for (int i = 0; i < ranges.size(); i++) {
            out[2 * i] = ranges.get(i).get(0).asDouble();
            out[2 * i + 1] = ranges.get(i).get(1).asDouble();
        }
        return out;
    }

    @Test
    void hash() throws Exception {
        JsonNode cs = cases().path("hash");
        assertThat(cs.size()).isPositive();
        for (JsonNode c : cs) {
            // [seed, value, version, expected or null]
            double h = GrowthBookHash.hash(
                    c.get(0).asText(), c.get(1).asText(), c.get(2).asInt());
            if (c.get(3).isNull()) {
                assertThat(h).as(c.toString()).isNaN();
            } else {
                assertThat(h).as(c.toString()).isEqualTo(c.get(3).asDouble());
            }
        }
    }

    @Test
    void getBucketRange() throws Exception {
        JsonNode cs = cases().path("getBucketRange");
        assertThat(cs.size()).isPositive();
        for (JsonNode c : cs) {
            // [name, [n, coverage, weights|null], expected ranges]
            JsonNode args = c.get(1);
            double[] got = Buckets.ranges(
                    args.get(0).asInt(), args.get(1).isNull() ? 1 : args.get(1).asDouble(), numbers(args.get(2)));
            double[] want = flat(c.get(2));
            assertThat(got).as(c.get(0).asText()).hasSize(want.length);
            for (int i = 0; i < want.length; i++) {
                assertThat(got[i]).as(c.get(0).asText()).isCloseTo(want[i], within(1e-9));
            }
        }
    }

    @Test
    void chooseVariation() throws Exception {
        JsonNode cs = cases().path("chooseVariation");
        assertThat(cs.size()).isPositive();
        for (JsonNode c : cs) {
            // [name, n, ranges, expected]
            assertThat(Buckets.choose(c.get(1).asDouble(), flat(c.get(2))))
                    .as(c.get(0).asText())
                    .isEqualTo(c.get(3).asInt());
        }
    }

    @Test
    void inNamespace() throws Exception {
        JsonNode cs = cases().path("inNamespace");
        assertThat(cs.size()).isPositive();
        for (JsonNode c : cs) {
            // [name, unit, [id, start, end], expected]
            JsonNode ns = c.get(2);
            assertThat(Buckets.inNamespace(
                            c.get(1).asText(),
                            ns.get(0).asText(),
                            ns.get(1).asDouble(),
                            ns.get(2).asDouble()))
                    .as(c.get(0).asText())
                    .isEqualTo(c.get(3).asBoolean());
        }
    }

    /** JSON as the plain Java values {@link Conditions} takes: maps in key order, lists, doubles, strings. */
    static Object plain(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isObject()) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            n.fields().forEachRemaining(f -> m.put(f.getKey(), plain(f.getValue())));
            return m;
        }
        if (n.isArray()) {
            java.util.List<Object> l = new java.util.ArrayList<>();
            n.forEach(e -> l.add(plain(e)));
            return l;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        return n.asText();
    }

    @Test
    @SuppressWarnings("unchecked")
    void evalCondition() throws Exception {
        JsonNode cs = cases().path("evalCondition");
        assertThat(cs.size()).isPositive();
        java.util.List<String> failed = new java.util.ArrayList<>();
        for (JsonNode c : cs) {
            // [name, condition, attributes, expected, savedGroups?]
            boolean got = Conditions.matches(
                    (java.util.Map<String, ?>) plain(c.get(2)),
                    (java.util.Map<String, ?>) plain(c.get(1)),
                    c.size() > 4 ? (java.util.Map<String, ?>) plain(c.get(4)) : java.util.Map.of());
            if (got != c.get(3).asBoolean()) {
                failed.add(c.get(0).asText() + ": " + c);
            }
        }
        assertThat(failed).as(failed.size() + " of " + cs.size() + " cases").isEmpty();
    }

    @SuppressWarnings("unchecked")
    static Experiment experiment(JsonNode e) {
        Experiment.Namespace ns = null;
        if (e.has("namespace") && !e.get("namespace").isNull()) {
            JsonNode n = e.get("namespace");
            ns = new Experiment.Namespace(
                    n.get(0).asText(), n.get(1).asDouble(), n.get(2).asDouble());
        }
        java.util.List<Experiment.Filter> filters = null;
        if (e.has("filters")) {
            filters = new java.util.ArrayList<>();
            for (JsonNode f : e.get("filters")) {
                filters.add(new Experiment.Filter(
                        f.path("seed").asText(),
                        flat(f.get("ranges")),
                        f.path("attribute").asText("id"),
                        f.path("hashVersion").asInt(2)));
            }
        }
        return new Experiment(
                e.get("key").asText(),
                (java.util.List<Object>) plain(e.get("variations")),
                numbers(e.get("weights")),
                e.has("coverage") && !e.get("coverage").isNull()
                        ? e.get("coverage").asDouble()
                        : Double.NaN,
                e.has("ranges") ? flat(e.get("ranges")) : null,
                e.has("condition") ? (java.util.Map<String, ?>) plain(e.get("condition")) : null,
                ns,
                filters,
                e.has("force") && !e.get("force").isNull() ? e.get("force").asInt() : null,
                e.path("hashAttribute").asText("id"),
                e.path("hashVersion").asInt(1),
                e.has("seed") ? e.get("seed").asText() : null,
                e.path("active").asBoolean(true));
    }

    @Test
    @SuppressWarnings("unchecked")
    void run() throws Exception {
        JsonNode cs = cases().path("run");
        java.util.List<String> failed = new java.util.ArrayList<>();
        int run = 0;
        for (JsonNode c : cs) {
            // [name, context, experiment, value, inExperiment, hashUsed]
            if (c.get(2).has("parentConditions")) {
                continue; // prerequisite features: feature evaluation is not built (issue #14)
            }
            JsonNode ctx = c.get(1);
            java.util.Map<String, Integer> forced = new java.util.HashMap<>();
            ctx.path("forcedVariations")
                    .fields()
                    .forEachRemaining(f -> forced.put(f.getKey(), f.getValue().asInt()));
            Allocator.Allocation a = Allocator.run(
                    experiment(c.get(2)),
                    new Allocator.Context(
                            ctx.has("attributes")
                                    ? (java.util.Map<String, ?>) plain(ctx.get("attributes"))
                                    : java.util.Map.of(),
                            ctx.path("enabled").asBoolean(true),
                            forced,
                            ctx.path("qaMode").asBoolean(false),
                            ctx.path("url").asText(null),
                            ctx.has("savedGroups")
                                    ? (java.util.Map<String, ?>) plain(ctx.get("savedGroups"))
                                    : java.util.Map.of()));
            run++;
            boolean ok = Conditions.Js.json(a.value()).equals(Conditions.Js.json(plain(c.get(3))))
                    && a.inExperiment() == c.get(4).asBoolean()
                    && a.hashUsed() == c.get(5).asBoolean();
            if (!ok) {
                failed.add(c.get(0).asText() + " -> " + a + ": " + c);
            }
        }
        System.out.println(
                "GrowthBook run cases: " + run + " of " + cs.size() + " run (the rest need prerequisite features)");
        assertThat(run).isPositive();
        assertThat(failed).as(failed.size() + " of " + run + " cases").isEmpty();
    }

    /**
     * GrowthBook's sticky-bucket cases, each a feature with one experiment rule: the rule is run as an experiment
     * (key: the rule's key, or the feature's), with the docs of the case's store that belong to the unit's attributes
     * loaded first, as GrowthBook's {@code refreshStickyBuckets} loads them. Checked: in or out, the variation,
     * the attribute that identified the unit, whether a sticky document decided, and the documents afterwards.
     */
    @Test
    @SuppressWarnings("unchecked")
    void stickyBucket() throws Exception {
        JsonNode cs = cases().path("stickyBucket");
        java.util.List<String> failed = new java.util.ArrayList<>();
        for (JsonNode c : cs) {
            // [name, context, stored docs, feature key, experiment result or null, docs afterwards]
            java.util.Map<String, ?> attributes =
                    (java.util.Map<String, ?>) plain(c.get(1).get("attributes"));
            JsonNode rule =
                    c.get(1).get("features").get(c.get(3).asText()).get("rules").get(0);
            java.util.Map<String, StickyBuckets.Doc> stored = new java.util.LinkedHashMap<>();
            for (JsonNode d : c.get(2)) {
                Object value = attributes.get(d.get("attributeName").asText());
                if (value != null
                        && Conditions.Js.string(value)
                                .equals(d.get("attributeValue").asText())) {
                    StickyBuckets.Doc doc = doc(d);
                    stored.put(doc.key(), doc);
                }
            }
            StickyBuckets sticky = new StickyBuckets(stored);
            Experiment x = ruleExperiment(rule, c.get(3).asText());
            Allocator.Allocation a = Allocator.run(x, Allocator.Context.of(attributes, sticky));
            JsonNode want = c.get(4);
            boolean ok;
            if (want.isNull()) {
                ok = !a.inExperiment();
            } else {
                String attribute = want.get("hashAttribute").asText();
                ok = a.inExperiment() == want.get("inExperiment").asBoolean()
                        && a.variation() == want.get("variationId").asInt()
                        && a.stickyBucketUsed() == want.get("stickyBucketUsed").asBoolean()
                        && want.get("hashValue").asText().equals(Conditions.Js.string(attributes.get(attribute)))
                        && (attribute.equals(rule.path("hashAttribute").asText("id"))
                                || attributes.get(rule.path("hashAttribute").asText("id")) == null);
            }
            java.util.Map<String, StickyBuckets.Doc> wantDocs = new java.util.LinkedHashMap<>();
            c.get(5).fields().forEachRemaining(f -> wantDocs.put(f.getKey(), doc(f.getValue())));
            ok = ok && sticky.docs().equals(wantDocs);
            if (!ok) {
                failed.add(c.get(0).asText() + " -> " + a + ", docs " + sticky.docs() + ": " + c);
            }
        }
        assertThat(cs.size()).isPositive();
        assertThat(failed).as(failed.size() + " of " + cs.size() + " cases").isEmpty();
    }

    static StickyBuckets.Doc doc(JsonNode d) {
        java.util.Map<String, String> a = new java.util.LinkedHashMap<>();
        d.get("assignments")
                .fields()
                .forEachRemaining(f -> a.put(f.getKey(), f.getValue().asText()));
        return new StickyBuckets.Doc(
                d.get("attributeName").asText(), d.get("attributeValue").asText(), a);
    }

    /** A feature's experiment rule as the experiment GrowthBook's feature evaluation makes of it. */
    @SuppressWarnings("unchecked")
    static Experiment ruleExperiment(JsonNode rule, String feature) {
        java.util.List<String> keys = null;
        if (rule.has("meta")) {
            keys = new java.util.ArrayList<>();
            for (JsonNode m : rule.get("meta")) {
                keys.add(m.has("key") ? m.get("key").asText() : null);
            }
        }
        return new Experiment(
                rule.path("key").asText(feature),
                (java.util.List<Object>) plain(rule.get("variations")),
                numbers(rule.get("weights")),
                rule.has("coverage") ? rule.get("coverage").asDouble() : Double.NaN,
                rule.has("ranges") ? flat(rule.get("ranges")) : null,
                rule.has("condition") ? (java.util.Map<String, ?>) plain(rule.get("condition")) : null,
                null,
                null,
                null,
                rule.path("hashAttribute").asText("id"),
                rule.path("hashVersion").asInt(1),
                rule.has("seed") ? rule.get("seed").asText() : null,
                true,
                new Experiment.Sticky(
                        keys,
                        rule.has("fallbackAttribute")
                                ? rule.get("fallbackAttribute").asText()
                                : null,
                        rule.path("bucketVersion").asInt(0),
                        rule.path("minBucketVersion").asInt(0),
                        rule.path("disableStickyBucketing").asBoolean(false)));
    }

    @Test
    void getEqualWeights() throws Exception {
        JsonNode cs = cases().path("getEqualWeights");
        assertThat(cs.size()).isPositive();
        for (JsonNode c : cs) {
            double[] got = Buckets.equalWeights(c.get(0).asInt());
            double[] want = numbers(c.get(1));
            assertThat(got).as(c.toString()).hasSize(want.length);
            for (int i = 0; i < want.length; i++) {
                // the cases print 8 decimals (GrowthBook's own test rounds before comparing)
                assertThat(got[i]).as(c.toString()).isCloseTo(want[i], within(1e-8));
            }
        }
    }
}
