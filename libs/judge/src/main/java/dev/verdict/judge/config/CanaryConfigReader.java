package dev.verdict.judge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.judge.config.MetricConfig.EffectSize;
import dev.verdict.judge.config.MetricConfig.Measure;
import dev.verdict.judge.config.MetricConfig.TailCheck;
import dev.verdict.judge.config.MetricConfig.VarianceCheck;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Kayenta canary config as Kayenta's own JSON, unchanged: unknown fields are ignored (real configs carry
 * Spinnaker's and other judges' fields), every field the judge reads is checked, and all bad fields are reported at
 * once as JSON pointers. Stricter than Kayenta where Kayenta silently falls back (an unknown {@code direction} is
 * "either" there) or fails the whole run later (a string {@code "true"} for a boolean): here both are errors naming
 * the field.
 */
public final class CanaryConfigReader {

    /** The one judge whose semantics this library implements; a config naming another is refused. */
    public static final String KAYENTA_JUDGE = "NetflixACAJudge-v1.0";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ConfigError> errors = new ArrayList<>();

    private CanaryConfigReader() {}

    /** The config at {@code node}; {@code base} is its pointer in the request ("" when it is the whole document). */
    public static CanaryConfig read(JsonNode node, String base) {
        CanaryConfigReader r = new CanaryConfigReader();
        CanaryConfig c = r.config(node, base);
        r.throwIfAny();
        return c;
    }

    /** The thresholds at {@code node}: {@code pass} and {@code marginal}, 0..100, marginal at most pass. */
    public static Thresholds thresholds(JsonNode node, String base) {
        CanaryConfigReader r = new CanaryConfigReader();
        Thresholds t = r.readThresholds(node, base);
        r.throwIfAny();
        return t;
    }

    private void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
    }

    private CanaryConfig config(JsonNode node, String base) {
        if (node == null || !node.isObject()) {
            error(base, "must be a canary config object");
            return null;
        }
        JsonNode judge = node.path("judge").path("name");
        if (!judge.isMissingNode() && !judge.isNull() && !KAYENTA_JUDGE.equals(judge.asText())) {
            error(base + "/judge/name", "only " + KAYENTA_JUDGE + " is supported, not '" + judge.asText() + "'");
        }
        List<MetricConfig> metrics = new ArrayList<>();
        JsonNode ms = node.get("metrics");
        if (ms == null || !ms.isArray() || ms.isEmpty()) {
            error(base + "/metrics", "must be a non-empty array of metrics");
        } else {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < ms.size(); i++) {
                String at = base + "/metrics/" + i;
                MetricConfig m = metric(ms.get(i), at);
                if (m != null && !names.add(m.name())) {
                    error(at + "/name", "another metric is named '" + m.name() + "'; names must be unique");
                }
                if (m != null) {
                    metrics.add(m);
                }
            }
        }
        Map<String, String> templates = new LinkedHashMap<>();
        JsonNode ts = node.get("templates");
        if (ts != null && !ts.isNull()) {
            if (!ts.isObject()) {
                error(base + "/templates", "must be an object of template name to query text");
            } else {
                ts.fields().forEachRemaining(e -> {
                    if (e.getValue().isTextual()) {
                        templates.put(e.getKey(), e.getValue().asText());
                    } else {
                        error(base + "/templates/" + escape(e.getKey()), "must be a string");
                    }
                });
            }
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        JsonNode gw = node.path("classifier").get("groupWeights");
        if (gw != null && !gw.isNull()) {
            String at = base + "/classifier/groupWeights";
            if (!gw.isObject()) {
                error(at, "must be an object of group name to weight (percent)");
            } else {
                gw.fields().forEachRemaining(e -> {
                    if (!e.getValue().isNumber() || e.getValue().asDouble() < 0) {
                        error(at + "/" + escape(e.getKey()), "must be a number of at least 0");
                    } else {
                        weights.put(e.getKey(), e.getValue().asDouble());
                    }
                });
                double sum = weights.values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum();
                if (sum > 100 + 1e-9) {
                    error(at, "weights are percentages of the score and may sum to at most 100, not " + sum);
                }
            }
        }
        String name = node.path("name").isTextual() ? node.get("name").asText() : null;
        return new CanaryConfig(name, List.copyOf(metrics), Map.copyOf(templates), weights);
    }

    private MetricConfig metric(JsonNode m, String at) {
        if (m == null || !m.isObject()) {
            error(at, "must be a metric object");
            return null;
        }
        String name = m.path("name").isTextual() ? m.get("name").asText() : null;
        if (name == null || name.isBlank()) {
            error(at + "/name", "is required: the metric's name");
        }
        List<String> groups = new ArrayList<>();
        JsonNode gs = m.get("groups");
        if (gs != null && !gs.isNull()) {
            if (!gs.isArray()) {
                error(at + "/groups", "must be an array of group names");
            } else {
                for (int i = 0; i < gs.size(); i++) {
                    if (gs.get(i).isTextual() && !gs.get(i).asText().isBlank()) {
                        groups.add(gs.get(i).asText());
                    } else {
                        error(at + "/groups/" + i, "must be a group name");
                    }
                }
            }
        }
        String scope = m.path("scopeName").isTextual() ? m.get("scopeName").asText() : "default";
        Map<String, Object> query = new LinkedHashMap<>();
        JsonNode q = m.get("query");
        if (q != null && !q.isNull()) {
            if (!q.isObject()) {
                error(at + "/query", "must be an object");
            } else {
                query = JSON.convertValue(
                        q, JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
            }
        }
        String c = at + "/analysisConfigurations/canary";
        JsonNode canary = m.path("analysisConfigurations").path("canary");
        if (!canary.isMissingNode() && !canary.isNull() && !canary.isObject()) {
            error(c, "must be an object");
            canary = JSON.createObjectNode();
        }
        Direction direction = oneOf(
                canary,
                "direction",
                c,
                Direction.EITHER,
                Map.of("increase", Direction.INCREASE, "decrease", Direction.DECREASE, "either", Direction.EITHER));
        Boolean removeNaN =
                oneOf(canary, "nanStrategy", c, true, Map.of("remove", true, "replace", false, "none", true));
        boolean critical = bool(canary, "critical", c);
        boolean mustHaveData = bool(canary, "mustHaveData", c);
        boolean muted = bool(canary, "muted", c);
        EffectSize effect = effectSize(canary.path("effectSize"), c + "/effectSize");
        Double outlierFactor = outliers(canary.path("outliers"), c + "/outliers");
        JsonNode verdict = canary.path("verdict");
        VarianceCheck variance = null;
        if (verdict.has("variance")) {
            String v = c + "/verdict/variance";
            double allowed = number(verdict.get("variance"), "allowedIncrease", v, 1.5, 1.0, Double.MAX_VALUE);
            variance = new VarianceCheck(allowed);
        }
        TailCheck tail = null;
        if (verdict.has("tail")) {
            String t = c + "/verdict/tail";
            double quantile = number(verdict.get("tail"), "quantile", t, 0.99, 0.5, 0.999);
            double allowed = number(verdict.get("tail"), "allowedIncrease", t, 1.1, 1.0, Double.MAX_VALUE);
            tail = new TailCheck(quantile, allowed);
        }
        return new MetricConfig(
                name,
                List.copyOf(groups),
                scope,
                query,
                direction,
                removeNaN == null || removeNaN,
                critical,
                mustHaveData,
                muted,
                effect,
                outlierFactor,
                variance,
                tail);
    }

    private EffectSize effectSize(JsonNode e, String at) {
        if (e.isMissingNode() || e.isNull()) {
            return EffectSize.defaults(Measure.MEAN_RATIO);
        }
        if (!e.isObject()) {
            error(at, "must be an object");
            return EffectSize.defaults(Measure.MEAN_RATIO);
        }
        Measure measure = oneOf(
                e, "measure", at, Measure.MEAN_RATIO, Map.of("meanRatio", Measure.MEAN_RATIO, "cles", Measure.CLES));
        if (measure == null) {
            measure = Measure.MEAN_RATIO;
        }
        EffectSize d = EffectSize.defaults(measure);
        double max = measure == Measure.CLES ? 1.0 : Double.MAX_VALUE;
        double min = Double.MIN_VALUE; // an effect size bound of 0 could never be met or always be
        return new EffectSize(
                measure,
                number(e, "allowedIncrease", at, d.allowedIncrease(), min, max),
                number(e, "allowedDecrease", at, d.allowedDecrease(), min, max),
                number(e, "criticalIncrease", at, d.criticalIncrease(), min, max),
                number(e, "criticalDecrease", at, d.criticalDecrease(), min, max));
    }

    private Double outliers(JsonNode o, String at) {
        if (o.isMissingNode() || o.isNull()) {
            return null;
        }
        if (!o.isObject()) {
            error(at, "must be an object");
            return null;
        }
        Boolean remove = oneOf(o, "strategy", at, false, Map.of("remove", true, "keep", false, "none", false));
        double factor = number(o, "outlierFactor", at, 3.0, Double.MIN_VALUE, Double.MAX_VALUE);
        return remove != null && remove ? factor : null;
    }

    private Thresholds readThresholds(JsonNode node, String base) {
        if (node == null || !node.isObject()) {
            error(base, "is required: {\"pass\": 95, \"marginal\": 75}, the score thresholds (0..100)");
            return null;
        }
        double pass = number(node, "pass", base, Double.NaN, 0, 100);
        double marginal = number(node, "marginal", base, Double.NaN, 0, 100);
        if (Double.isNaN(pass) && !node.has("pass")) {
            error(base + "/pass", "is required (0..100)");
        }
        if (Double.isNaN(marginal) && !node.has("marginal")) {
            error(base + "/marginal", "is required (0..100)");
        }
        if (marginal > pass) {
            error(base + "/marginal", "must not be above pass (" + pass + ")");
        }
        return new Thresholds(pass, marginal);
    }

    private <T> T oneOf(JsonNode obj, String field, String at, T dflt, Map<String, T> values) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        T t = v.isTextual() ? values.get(v.asText()) : null;
        if (t == null) {
            error(
                    at + "/" + field,
                    "must be one of " + String.join(", ", new java.util.TreeSet<>(values.keySet())) + ", not " + v);
            return dflt;
        }
        return t;
    }

    private boolean bool(JsonNode obj, String field, String at) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            error(at + "/" + field, "must be true or false (a JSON boolean), not " + v);
            return false;
        }
        return v.asBoolean();
    }

    private double number(JsonNode obj, String field, String at, double dflt, double min, double max) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            error(at + "/" + field, "must be a number" + range(min, max) + ", not " + v);
            return dflt;
        }
        return v.asDouble();
    }

    private static String range(double min, double max) {
        String low = min == Double.MIN_VALUE ? "above 0" : "of at least " + min;
        if (max == Double.MAX_VALUE) {
            return " " + low;
        }
        return min == Double.MIN_VALUE ? " above 0 and at most " + max : " from " + min + " to " + max;
    }

    private void error(String pointer, String message) {
        errors.add(new ConfigError(pointer.isEmpty() ? "/" : pointer, message));
    }

    /** RFC 6901: {@code ~} and {@code /} in a key. */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
