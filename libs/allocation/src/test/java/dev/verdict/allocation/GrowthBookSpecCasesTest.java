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
