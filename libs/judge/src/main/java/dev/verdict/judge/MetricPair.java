package dev.verdict.judge;

import java.util.Map;

/**
 * One metric's points for the canary ({@code experiment}) and its baseline ({@code control}), as Kayenta's
 * {@code MetricSetPair}: a query that returns several series gives several pairs of one name with different tags.
 * NaN marks a missing point.
 */
public record MetricPair(String name, Map<String, String> tags, double[] experiment, double[] control) {

    public MetricPair {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        experiment = experiment.clone();
        control = control.clone();
    }
}
