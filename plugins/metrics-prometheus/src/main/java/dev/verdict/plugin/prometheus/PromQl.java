package dev.verdict.plugin.prometheus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL expression for one metric of one scope, built from a canary config's Kayenta-shaped query config as
 * Kayenta's {@code PrometheusMetricsService.buildQuery} builds it:
 *
 * <ul>
 *   <li>{@code customInlineTemplate} starting with {@code PromQL:}: the rest is the whole expression, with
 *       {@code ${var}} bindings substituted;
 *   <li>otherwise {@code avg(metricName{filters}) [by (groupByFields)]}, where the filters are the scope's label
 *       binding (the source's {@code scope-filter}, or a non-PromQL {@code customInlineTemplate} in its place,
 *       comma-separated as Kayenta splits it) followed by {@code labelBindings}.
 * </ul>
 *
 * <p>Bindings are the scope's values ({@code scope}, {@code version}, {@code component}, {@code name},
 * {@code namespace}, ...); an unbound {@code ${var}} is refused, as Kayenta's substitutor refuses it. Values are
 * escaped for a PromQL string, so a binding cannot end the label value it is put in.
 */
final class PromQl {

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.-]*)}");
    static final String PROMQL_PREFIX = "PromQL:";

    private PromQl() {}

    static String build(String metric, Map<String, Object> query, String scopeFilter, Map<String, String> bindings) {
        Object resourceType = query.get("resourceType");
        if (resourceType != null && !(resourceType instanceof String s && s.isBlank())) {
            throw new IllegalArgumentException("metric " + metric + ": query.resourceType '" + resourceType
                    + "' is not supported; bind scopes with the source's scope-filter or query.customInlineTemplate");
        }
        if (query.get("customFilter") != null) {
            throw new IllegalArgumentException("metric " + metric
                    + ": query.customFilter is deprecated in Kayenta; use query.customInlineTemplate");
        }
        String inline = text(metric, query, "customInlineTemplate");
        if (inline != null && inline.startsWith(PROMQL_PREFIX)) {
            return substitute(metric, inline.substring(PROMQL_PREFIX.length()).trim(), bindings);
        }
        String name = text(metric, query, "metricName");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "metric " + metric
                            + ": query.metricName is required unless query.customInlineTemplate is a whole 'PromQL:' expression");
        }
        List<String> filters = new ArrayList<>();
        String filter = inline != null ? inline : scopeFilter;
        for (String token : filter.split(",")) {
            if (!token.isBlank()) {
                filters.add(substitute(metric, token.trim(), bindings));
            }
        }
        for (String b : strings(metric, query, "labelBindings")) {
            filters.add(substitute(metric, b.trim(), bindings));
        }
        StringBuilder q = new StringBuilder("avg(").append(name);
        if (!filters.isEmpty()) {
            q.append('{').append(String.join(",", filters)).append('}');
        }
        q.append(')');
        List<String> groupBy = strings(metric, query, "groupByFields");
        if (!groupBy.isEmpty()) {
            q.append(" by (").append(String.join(",", groupBy)).append(')');
        }
        return q.toString();
    }

    static String substitute(String metric, String template, Map<String, String> bindings) {
        Matcher m = VAR.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = bindings.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("metric " + metric + ": template variable ${" + m.group(1)
                        + "} is not bound (bound: " + new TreeMap<>(bindings).keySet() + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(escape(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A value inside a PromQL double-quoted string. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String text(String metric, Map<String, Object> query, String key) {
        Object v = query.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("metric " + metric + ": query." + key + " must be a string");
        }
        return s;
    }

    private static List<String> strings(String metric, Map<String, Object> query, String key) {
        Object v = query.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException("metric " + metric + ": query." + key + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        list.forEach(o -> out.add((String) o));
        return out;
    }
}
