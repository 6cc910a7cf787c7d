package dev.verdict.plugin;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One metric of one scope over one window, as a canary analysis asks for it (Kayenta's {@code queryMetrics} for one
 * metric and one scope).
 *
 * @param metric the metric's name in the canary config
 * @param query the metric's source-specific query config, unchanged from the canary config (e.g. a PromQL template
 *     and its type)
 * @param component the catalog ref the deployment is of
 * @param scope baseline, canary or stable
 * @param placement the instances of that scope, or null for a source that selects by labels alone
 * @param bindings values the source substitutes into its query (Kayenta's scope bindings: location, labels)
 * @param start inclusive
 * @param end exclusive
 * @param step the spacing of the returned points
 */
public record MetricQuery(
        String metric,
        Map<String, Object> query,
        String component,
        Scope scope,
        Placement placement,
        Map<String, String> bindings,
        Instant start,
        Instant end,
        Duration step) {

    public MetricQuery {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(step, "step");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("the window must end after it starts: " + start + " .. " + end);
        }
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("the step must be positive, not " + step);
        }
        query = query == null ? Map.of() : Map.copyOf(query);
        bindings = bindings == null ? Map.of() : Map.copyOf(bindings);
    }
}
