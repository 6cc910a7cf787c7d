package dev.verdict.experiments.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.allocation.Experiment;
import dev.verdict.events.experiment.ExperimentChanged;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One experiment compiled for allocation: bucket ranges computed once, when the definition arrives, with the sticky
 * bucket versions of its phase (ADR-0006).
 */
record Definition(
        String key, int phase, List<String> variationKeys, Map<String, Integer> forced, Experiment allocation) {

    static Definition of(ExperimentChanged c) {
        boolean running = "running".equals(c.status());
        return new Definition(
                c.key(),
                c.phase(),
                List.copyOf(c.variations()),
                c.forced() == null ? Map.of() : Map.copyOf(c.forced()),
                new Experiment(
                        c.key(),
                        new ArrayList<Object>(c.variations()),
                        c.weights().stream().mapToDouble(Double::doubleValue).toArray(),
                        c.coverage(),
                        null,
                        c.condition(),
                        c.namespace() == null
                                ? null
                                : new Experiment.Namespace(
                                        c.namespace().name(),
                                        c.namespace().start(),
                                        c.namespace().end()),
                        null,
                        null,
                        c.hashAttribute(),
                        c.hashVersion(),
                        c.seed(),
                        running,
                        new Experiment.Sticky(
                                List.copyOf(c.variations()),
                                c.fallbackAttribute(),
                                c.stickyBucketVersion(),
                                c.stickyMinBucketVersion(),
                                false)));
    }

    /**
     * From {@code GET /api/experiments/{key}}: the summary, the seed, the definition in PUT's shape, and the current
     * phase's sticky bucket versions.
     */
    @SuppressWarnings("unchecked")
    static Definition of(JsonNode detail, com.fasterxml.jackson.databind.ObjectMapper json) {
        JsonNode d = detail.path("definition");
        List<String> keys = new ArrayList<>();
        d.path("variations").forEach(v -> keys.add(v.path("key").asText()));
        List<Double> weights = new ArrayList<>();
        d.path("weights").forEach(w -> weights.add(w.asDouble()));
        JsonNode ns = d.path("namespace");
        Map<String, Integer> forced = new LinkedHashMap<>();
        d.path("forced")
                .fields()
                .forEachRemaining(e -> forced.put(e.getKey(), e.getValue().asInt()));
        int phase = detail.path("summary").path("phase").asInt();
        Integer bucketVersion = null;
        Integer minBucketVersion = null;
        for (JsonNode p : detail.path("phases")) {
            if (p.path("phase").asInt() == phase && p.path("bucketVersion").isInt()) {
                bucketVersion = p.path("bucketVersion").asInt();
                minBucketVersion = p.path("minBucketVersion").asInt(0);
            }
        }
        Map<String, Object> condition =
                d.path("condition").isObject() ? json.convertValue(d.path("condition"), LinkedHashMap.class) : null;
        return of(new ExperimentChanged(
                d.path("key").asText(),
                d.path("component").asText(),
                null,
                detail.path("summary").path("status").asText(),
                phase,
                null,
                detail.path("seed").isTextual() ? detail.path("seed").asText() : null,
                d.path("hashAttribute").asText("id"),
                d.path("hashVersion").asInt(2),
                keys,
                weights,
                d.path("coverage").asDouble(1),
                ns.isObject()
                        ? new ExperimentChanged.NamespaceRange(
                                ns.path("name").asText(),
                                ns.path("start").asDouble(),
                                ns.path("end").asDouble())
                        : null,
                condition,
                forced,
                List.of(),
                detail.path("definitionHash").asText(),
                null,
                bucketVersion,
                minBucketVersion,
                d.path("fallbackAttribute").isTextual()
                        ? d.path("fallbackAttribute").asText()
                        : null));
    }
}
