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
