package dev.verdict.ui.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.ui.shell.Charts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dependency graph of catalog-service's {@code /graph} answer as server-side SVG: one column per distance from
 * the entity, its nodes stacked in it, an arrow per edge; unresolved refs dashed. Pure: JSON in, SVG text out.
 */
final class GraphSvg {

    static final int COLUMN = 260;
    static final int ROW = 56;
    static final int BOX_W = 220;
    static final int BOX_H = 34;

    private GraphSvg() {}

    static String render(JsonNode graph) {
        Map<Integer, List<JsonNode>> byDepth = new TreeMap<>();
        for (JsonNode n : graph.path("nodes")) {
            byDepth.computeIfAbsent(n.path("depth").asInt(), d -> new ArrayList<>())
                    .add(n);
        }
        Map<String, int[]> at = new HashMap<>();
        int rows = 1;
        for (var e : byDepth.entrySet()) {
            for (int i = 0; i < e.getValue().size(); i++) {
                at.put(e.getValue().get(i).path("ref").asText(), new int[] {e.getKey() * COLUMN + 10, i * ROW + 10});
            }
            rows = Math.max(rows, e.getValue().size());
        }
        int width = Math.max(1, byDepth.size()) * COLUMN;
        int height = rows * ROW + 10;
        StringBuilder svg = Charts.open("dependency graph", width, height)
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\""
                        + " markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#667\"/></marker>"
                        + "</defs>");
        for (JsonNode e : graph.path("edges")) {
            int[] from = at.get(e.path("source").asText());
            int[] to = at.get(e.path("target").asText());
            if (from == null || to == null) {
                continue;
            }
            svg.append("<line x1=\"")
                    .append(from[0] + BOX_W)
                    .append("\" y1=\"")
                    .append(from[1] + BOX_H / 2)
                    .append("\" x2=\"")
                    .append(to[0])
                    .append("\" y2=\"")
                    .append(to[1] + BOX_H / 2)
                    .append("\" stroke=\"#667\" marker-end=\"url(#arrow)\"><title>")
                    .append(escape(e.path("type").asText()))
                    .append("</title></line>");
        }
        for (JsonNode n : graph.path("nodes")) {
            int[] p = at.get(n.path("ref").asText());
            boolean resolved = n.path("resolved").asBoolean(true);
            svg.append("<g class=\"node\"><rect x=\"")
                    .append(p[0])
                    .append("\" y=\"")
                    .append(p[1])
                    .append("\" width=\"")
                    .append(BOX_W)
                    .append("\" height=\"")
                    .append(BOX_H)
                    .append("\" rx=\"6\" fill=\"")
                    .append(n.path("depth").asInt() == 0 ? "#dbe8ff" : "#f4f6fa")
                    .append("\" stroke=\"#445\"")
                    .append(resolved ? "" : " stroke-dasharray=\"4 3\"")
                    .append("/><text x=\"")
                    .append(p[0] + 8)
                    .append("\" y=\"")
                    .append(p[1] + 22)
                    .append("\" font-size=\"12\" font-family=\"sans-serif\">")
                    .append(escape(shorten(n.path("ref").asText())))
                    .append("</text></g>");
        }
        return svg.append("</svg>").toString();
    }

    static String shorten(String ref) {
        return ref.length() <= 34 ? ref : ref.substring(0, 33) + "…";
    }

    static String escape(String s) {
        return Charts.escape(s);
    }
}
