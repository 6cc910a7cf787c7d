package dev.verdict.deploy.experiment.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.deploy.deployment.service.DeploymentRequestReader;
import dev.verdict.deploy.experiment.model.ExperimentDefinition;
import dev.verdict.deploy.experiment.model.ExperimentDefinition.Guardrail;
import dev.verdict.deploy.experiment.model.ExperimentDefinition.Metrics;
import dev.verdict.deploy.experiment.model.ExperimentDefinition.Namespace;
import dev.verdict.deploy.experiment.model.ExperimentDefinition.Variation;
import dev.verdict.problem.UnprocessableException;
import dev.verdict.problem.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an experiment definition: every bad field at once, by JSON pointer (422), nothing stored. Defaults: equal
 * weights, coverage 1, hash attribute {@code id}, hash version 2, no namespace, condition or forced units.
 */
public final class ExperimentReader {

    static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final Pattern METRIC = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,62}");
    static final int MAX_VARIATIONS = 20;
    static final int MAX_FORCED = 1000;
    static final int MAX_HYPOTHESIS = 4000;
    static final long MIN_PLANNED_UNITS = 100;
    static final long MAX_PLANNED_UNITS = 1_000_000_000L;

    private final ObjectMapper json;

    public ExperimentReader(ObjectMapper json) {
        this.json = json;
    }

    /** {@code key}: the path's key for a PUT (the body may repeat it), null for a POST (the body must have it). */
    public ExperimentDefinition read(JsonNode body, String key) {
        List<Violation> v = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new UnprocessableException(
                    "an experiment definition is a JSON object", List.of(Violation.at("", "expected an object")));
        }
        String k = text(body, "key", v, key == null);
        if (k != null && !KEY.matcher(k).matches()) {
            v.add(Violation.at(
                    "/key",
                    "a key is 1-63 lower-case letters, digits and '-', starting with a letter or"
                            + " digit, e.g. new-checkout"));
        } else if (k != null && key != null && !k.equals(key)) {
            v.add(Violation.at("/key", "the body names " + k + " but the path " + key + "; a key cannot change"));
        }
        if (k == null) {
            k = key;
        }
        String componentText = text(body, "component", v, true);
        String component = componentText == null ? null : DeploymentRequestReader.componentRef(componentText);
        if (componentText != null && component == null) {
            v.add(Violation.at(
                    "/component",
                    "not a component ref: " + componentText
                            + " (payments-api, default/payments-api or component:default/payments-api)"));
        }
        String decision = text(body, "decision", v, false);
        if (decision != null
                && !DeploymentRequestReader.DECISION.matcher(decision).matches()) {
            v.add(Violation.at("/decision", "a decision ref looks like ADR-0003"));
        }
        String hypothesis = text(body, "hypothesis", v, false);
        if (hypothesis != null && hypothesis.length() > MAX_HYPOTHESIS) {
            v.add(Violation.at("/hypothesis", "at most " + MAX_HYPOTHESIS + " characters"));
        }
        List<Variation> variations = variations(body.get("variations"), v);
        List<Double> weights = weights(body.get("weights"), variations.size(), v);
        double coverage = number(body, "coverage", 1.0, v);
        if (!(coverage > 0 && coverage <= 1)) {
            v.add(Violation.at("/coverage", "the share of units in the experiment, in (0, 1]"));
        }
        String attribute = body.has("hashAttribute") ? text(body, "hashAttribute", v, true) : "id";
        if (attribute != null && !ATTRIBUTE.matcher(attribute).matches()) {
            v.add(Violation.at("/hashAttribute", "an attribute name such as id or deviceId"));
        }
        String fallback = text(body, "fallbackAttribute", v, false);
        if (fallback != null && !ATTRIBUTE.matcher(fallback).matches()) {
            v.add(Violation.at("/fallbackAttribute", "an attribute name such as deviceId"));
        } else if (fallback != null && fallback.equals(attribute)) {
            v.add(Violation.at(
                    "/fallbackAttribute", "the attribute used when " + attribute + " is missing: another one than it"));
        }
        int hashVersion = (int) number(body, "hashVersion", 2, v);
        if (hashVersion != 1 && hashVersion != 2) {
            v.add(Violation.at("/hashVersion", "GrowthBook's hash version: 1 or 2"));
        }
        String seed = text(body, "seed", v, false);
        if (seed != null && (seed.isBlank() || seed.length() > 200)) {
            v.add(Violation.at("/seed", "1-200 characters; leave it out and the key is the first phase's seed"));
        }
        Namespace namespace = namespace(body.get("namespace"), v);
        Map<String, Object> condition = null;
        JsonNode c = body.get("condition");
        if (c != null && !c.isNull()) {
            if (!c.isObject()) {
                v.add(Violation.at("/condition", "a targeting condition is an object, e.g. {\"country\": \"NL\"}"));
            } else {
                condition = json.convertValue(c, new TypeReference<LinkedHashMap<String, Object>>() {});
            }
        }
        Map<String, Integer> forced = forced(body.get("forced"), variations.size(), v);
        Metrics metrics = metrics(body.get("metrics"), v);
        if (!v.isEmpty()) {
            throw new UnprocessableException(
                    "invalid-experiment",
                    "Invalid experiment definition",
                    v.size() + " field(s) of the experiment definition need fixing",
                    v);
        }
        return new ExperimentDefinition(
                k,
                component,
                decision,
                hypothesis,
                variations,
                weights,
                coverage,
                attribute,
                hashVersion,
                seed,
                namespace,
                condition,
                forced,
                metrics,
                fallback);
    }

    private static List<Variation> variations(JsonNode n, List<Violation> v) {
        List<Variation> out = new ArrayList<>();
        if (n == null || !n.isArray() || n.size() < 2 || n.size() > MAX_VARIATIONS) {
            v.add(
                    Violation.at(
                            "/variations",
                            "2-" + MAX_VARIATIONS + " variations, the control first, e.g."
                                    + " [\"control\", \"treatment\"] or [{\"key\": \"control\", \"name\": \"Old checkout\"}, ...]"));
            return out;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode x = n.get(i);
            String key = x.isTextual()
                    ? x.asText()
                    : x.path("key").isTextual() ? x.path("key").asText() : null;
            String name = x.path("name").isTextual() ? x.path("name").asText() : key;
            String at = "/variations/" + i + (x.isObject() ? "/key" : "");
            if (key == null || !KEY.matcher(key).matches()) {
                v.add(Violation.at(at, "a variation key is lower-case letters, digits and '-', e.g. treatment"));
            } else if (!seen.add(key)) {
                v.add(Violation.at(at, "variation " + key + " appears twice"));
            }
            out.add(new Variation(key, name));
        }
        return out;
    }

    private static List<Double> weights(JsonNode n, int count, List<Violation> v) {
        if (n == null || n.isNull()) {
            List<Double> equal = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                equal.add(1.0 / count);
            }
            return equal;
        }
        List<Double> out = new ArrayList<>();
        if (!n.isArray() || n.size() != count) {
            v.add(Violation.at("/weights", "one weight per variation (" + count + "), summing to 1"));
            return out;
        }
        double sum = 0;
        for (int i = 0; i < n.size(); i++) {
            double w = n.get(i).isNumber() ? n.get(i).asDouble() : Double.NaN;
            if (!(w >= 0 && w <= 1)) {
                v.add(Violation.at("/weights/" + i, "a weight is a number in [0, 1]"));
            }
            sum += w;
            out.add(w);
        }
        if (Double.isFinite(sum) && Math.abs(sum - 1) > 1e-6) {
            v.add(Violation.at("/weights", "the weights sum to " + sum + ", not 1"));
        }
        return out;
    }

    private static Namespace namespace(JsonNode n, List<Violation> v) {
        if (n == null || n.isNull()) {
            return null;
        }
        String name = n.path("name").isTextual() ? n.path("name").asText() : null;
        double start = n.path("start").isNumber() ? n.path("start").asDouble() : Double.NaN;
        double end = n.path("end").isNumber() ? n.path("end").asDouble() : Double.NaN;
        if (name == null || !KEY.matcher(name).matches()) {
            v.add(Violation.at("/namespace/name", "the namespace's name, shared by mutually exclusive experiments"));
        }
        if (!(start >= 0 && start < end && end <= 1)) {
            v.add(Violation.at("/namespace/end", "the slice [start, end) with 0 <= start < end <= 1"));
        }
        return new Namespace(name, start, end);
    }

    private static Map<String, Integer> forced(JsonNode n, int count, List<Violation> v) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject() || n.size() > MAX_FORCED) {
            v.add(Violation.at("/forced", "an object of unit id → variation index, at most " + MAX_FORCED));
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode x = e.getValue();
            if (!x.isInt() || x.asInt() < 0 || x.asInt() >= Math.max(count, 1)) {
                v.add(Violation.at(
                        "/forced/" + e.getKey().replace("~", "~0").replace("/", "~1"),
                        "a variation index, 0 to " + (count - 1)));
            } else {
                out.put(e.getKey(), x.asInt());
            }
        }
        return out;
    }

    private static Metrics metrics(JsonNode n, List<Violation> v) {
        if (n == null || !n.isObject()) {
            v.add(Violation.at(
                    "/metrics",
                    "the metrics: {\"primary\": \"checkout-conversion\", \"secondary\": [...],"
                            + " \"guardrails\": [{\"metric\": \"error-rate\", \"badDirection\": \"increase\", \"tolerance\":"
                            + " 0.05}]}"));
            return null;
        }
        Set<String> seen = new HashSet<>();
        String primary = n.path("primary").isTextual() ? n.path("primary").asText() : null;
        if (primary == null || !METRIC.matcher(primary).matches()) {
            v.add(Violation.at("/metrics/primary", "the primary metric's name, e.g. checkout-conversion"));
        } else {
            seen.add(primary);
        }
        List<String> secondary = new ArrayList<>();
        JsonNode s = n.path("secondary");
        if (!s.isMissingNode() && !s.isArray()) {
            v.add(Violation.at("/metrics/secondary", "a list of metric names"));
        }
        for (int i = 0; s.isArray() && i < s.size(); i++) {
            String m = s.get(i).isTextual() ? s.get(i).asText() : null;
            if (m == null || !METRIC.matcher(m).matches()) {
                v.add(Violation.at("/metrics/secondary/" + i, "a metric name"));
            } else if (!seen.add(m)) {
                v.add(Violation.at("/metrics/secondary/" + i, "metric " + m + " is listed twice"));
            } else {
                secondary.add(m);
            }
        }
        List<Guardrail> guardrails = new ArrayList<>();
        JsonNode g = n.path("guardrails");
        if (!g.isMissingNode() && !g.isArray()) {
            v.add(Violation.at("/metrics/guardrails", "a list of guardrails"));
        }
        for (int i = 0; g.isArray() && i < g.size(); i++) {
            JsonNode x = g.get(i);
            String at = "/metrics/guardrails/" + i;
            String m = x.path("metric").isTextual() ? x.path("metric").asText() : null;
            if (m == null || !METRIC.matcher(m).matches()) {
                v.add(Violation.at(at + "/metric", "a metric name"));
            } else if (!seen.add(m)) {
                v.add(Violation.at(at + "/metric", "metric " + m + " is listed twice"));
            }
            String dir = x.path("badDirection").asText("increase");
            if (!dir.equals("increase") && !dir.equals("decrease")) {
                v.add(Violation.at(at + "/badDirection", "increase or decrease: the way the metric must not move"));
            }
            double tol = x.path("tolerance").isMissingNode()
                    ? 0.0
                    : x.path("tolerance").asDouble(Double.NaN);
            if (!(tol >= 0 && tol < 10)) {
                v.add(Violation.at(at + "/tolerance", "the relative change allowed, e.g. 0.05"));
            }
            guardrails.add(new Guardrail(m, dir, tol));
        }
        Long planned = plannedUnits(n.path("plannedUnitsPerArm"), "/metrics/plannedUnitsPerArm", v);
        return new Metrics(primary, secondary, guardrails, planned);
    }

    /** A planned sample size per arm (ADR-0007), or null when absent; a bad one is a violation at {@code at}. */
    public static Long plannedUnits(JsonNode n, String at, List<Violation> v) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (!n.canConvertToExactIntegral() || n.asLong() < MIN_PLANNED_UNITS || n.asLong() > MAX_PLANNED_UNITS) {
            v.add(Violation.at(
                    at,
                    "the units per arm the sequential test plans for, a whole number from " + MIN_PLANNED_UNITS + " to "
                            + MAX_PLANNED_UNITS + "; leave it out for the deployment's default"));
            return null;
        }
        return n.asLong();
    }

    private static String text(JsonNode body, String field, List<Violation> v, boolean required) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                v.add(Violation.at("/" + field, "required"));
            }
            return null;
        }
        if (!n.isTextual()) {
            v.add(Violation.at("/" + field, "a string"));
            return null;
        }
        return n.asText().trim();
    }

    private static double number(JsonNode body, String field, double fallback, List<Violation> v) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber()) {
            v.add(Violation.at("/" + field, "a number"));
            return fallback;
        }
        return n.asDouble();
    }
}
