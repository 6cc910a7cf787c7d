package dev.verdict.judge.config;

import java.util.List;
import java.util.Map;

/**
 * A Kayenta canary config, read unchanged by {@link CanaryConfigReader}: the metrics, the query templates and the
 * group weights of {@code classifier.groupWeights} (raw percentages, as Kayenta uses them).
 */
public record CanaryConfig(
        String name, List<MetricConfig> metrics, Map<String, String> templates, Map<String, Double> groupWeights) {

    public MetricConfig metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }
}
