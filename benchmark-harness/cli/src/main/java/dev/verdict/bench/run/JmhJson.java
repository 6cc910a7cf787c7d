package dev.verdict.bench.run;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.bench.BenchException;
import dev.verdict.bench.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH's JSON result format ({@code -rf json}). Anything that is not a readable JMH result (not JSON, cut
 * off, not an array of results, a result without benchmark / mode / primaryMetric / rawData) is a
 * {@link BenchException} whose message names the file and the problem.
 */
public final class JmhJson {

    private JmhJson() {}

    public static List<JmhResult> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BenchException("JMH result file not found: " + file);
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new BenchException("corrupted JMH JSON in " + file + ": " + Json.describe(e), e);
        } catch (IOException e) {
            throw new BenchException("cannot read JMH JSON " + file + ": " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new BenchException("corrupted JMH JSON in " + file + ": the file is empty");
        }
        if (!root.isArray()) {
            throw new BenchException("corrupted JMH JSON in " + file + ": expected a JSON array of benchmark results"
                    + " (JMH -rf json), found a JSON "
                    + root.getNodeType().name().toLowerCase());
        }
        List<JmhResult> results = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            results.add(result(file, i, root.get(i)));
        }
        return results;
    }

    private static JmhResult result(Path file, int index, JsonNode r) {
        String where = "result #" + (index + 1);
        if (!r.isObject()) {
            throw bad(file, where + " is not a JSON object");
        }
        String benchmark = text(r, "benchmark");
        String mode = text(r, "mode");
        if (benchmark == null || mode == null) {
            throw bad(file, where + " has no \"benchmark\" or \"mode\"");
        }
        where = where + " (" + benchmark + ")";
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode p = r.get("params");
        if (p != null && p.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
        }
        JsonNode primary = r.get("primaryMetric");
        if (primary == null || !primary.isObject()) {
            throw bad(file, where + " has no \"primaryMetric\"");
        }
        JmhResult.Metric pm = metric(file, where + " primaryMetric", primary);
        Map<String, JmhResult.Metric> secondary = new LinkedHashMap<>();
        JsonNode sec = r.get("secondaryMetrics");
        if (sec != null && sec.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = sec.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                secondary.put(e.getKey(), metric(file, where + " secondary metric " + e.getKey(), e.getValue()));
            }
        }
        List<String> jvmArgs = new ArrayList<>();
        JsonNode ja = r.get("jvmArgs");
        if (ja != null && ja.isArray()) {
            ja.forEach(a -> jvmArgs.add(a.asText()));
        }
        return new JmhResult(
                benchmark,
                mode,
                params,
                r.path("forks").asInt(pm.rawData().size()),
                text(r, "jdkVersion"),
                text(r, "vmName"),
                text(r, "vmVersion"),
                jvmArgs,
                pm,
                secondary);
    }

    private static JmhResult.Metric metric(Path file, String where, JsonNode m) {
        JsonNode score = m.get("score");
        if (score == null || !(score.isNumber() || score.isTextual())) {
            throw bad(file, where + " has no \"score\"");
        }
        double s = number(score);
        if (Double.isNaN(s)) {
            throw bad(file, where + " has a score that is not a number: " + score);
        }
        JsonNode raw = m.get("rawData");
        if (raw == null || !raw.isArray()) {
            throw bad(file, where + " has no \"rawData\" (one array of iteration scores per fork)");
        }
        List<List<Double>> forks = new ArrayList<>();
        for (JsonNode fork : raw) {
            if (!fork.isArray()) {
                throw bad(file, where + " rawData is not an array of arrays");
            }
            List<Double> its = new ArrayList<>();
            for (JsonNode v : fork) {
                double d = number(v);
                if (!Double.isFinite(d)) {
                    throw bad(file, where + " rawData holds a value that is not a finite number: " + v);
                }
                its.add(d);
            }
            forks.add(List.copyOf(its));
        }
        double err = m.has("scoreError") ? number(m.get("scoreError")) : Double.NaN;
        return new JmhResult.Metric(s, Double.isFinite(err) ? err : null, text(m, "scoreUnit"), List.copyOf(forks));
    }

    private static double number(JsonNode n) {
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            try {
                return Double.parseDouble(n.textValue());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static BenchException bad(Path file, String what) {
        return new BenchException("corrupted JMH JSON in " + file + ": " + what);
    }
}
