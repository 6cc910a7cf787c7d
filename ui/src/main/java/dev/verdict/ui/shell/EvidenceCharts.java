package dev.verdict.ui.shell;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * decision-records' evidence documents as rows of an interval chart: estimate and confidence interval, coloured by
 * the producer's own classification. Shared by the decision page (evidence over time) and the benchmark page (one
 * row per benchmark of a run).
 */
public final class EvidenceCharts {

    private EvidenceCharts() {}

    /** Oldest first (the service lists newest first); evidence without an interval is left out. */
    public static List<Charts.Interval> overTime(List<JsonNode> newestFirst) {
        List<Charts.Interval> rows = new ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            JsonNode e = newestFirst.get(i);
            String at = e.path("provenance")
                    .path("windowEnd")
                    .asText(e.path("receivedAt").asText(""));
            interval(e, e.path("metric").asText() + " · " + (at.length() >= 16 ? at.substring(0, 16) : at))
                    .ifPresent(rows::add);
        }
        return rows;
    }

    /** One row per evidence item, labelled by its metric (a benchmark key, say), in the given order. */
    public static List<Charts.Interval> byMetric(List<JsonNode> items) {
        List<Charts.Interval> rows = new ArrayList<>();
        for (JsonNode e : items) {
            interval(e, e.path("metric").asText()).ifPresent(rows::add);
        }
        return rows;
    }

    /** 1.0 for ratios ("ratio(jdk25/jdk17)"), 0 for differences. */
    public static double reference(List<JsonNode> items) {
        return items.stream().allMatch(e -> e.path("comparison").asText().startsWith("ratio")) ? 1.0 : 0.0;
    }

    static java.util.Optional<Charts.Interval> interval(JsonNode e, String label) {
        JsonNode r = e.path("result");
        if (!r.path("ciLower").isNumber() || !r.path("ciUpper").isNumber()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Charts.Interval(
                label,
                r.path("estimate").asDouble(Double.NaN),
                r.path("ciLower").asDouble(),
                r.path("ciUpper").asDouble(),
                tone(r.path("classification").asText(""))));
    }

    /**
     * The producers' words for a direction: the harness says better / worse; the judge says High or Low when a
     * metric moved the way its config forbids, and Fail. Anything else (equivalent, undecided, Pass) is neutral.
     */
    static String tone(String classification) {
        String c = classification.toLowerCase(Locale.ROOT);
        if (c.equals("worse") || c.equals("high") || c.equals("low") || c.equals("fail")) {
            return "worse";
        }
        return c.equals("better") ? "better" : "neutral";
    }
}
