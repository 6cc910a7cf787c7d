package dev.verdict.plugin.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.plugin.MetricQuery;
import dev.verdict.plugin.MetricSeries;
import dev.verdict.plugin.MetricSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code prometheus} metric source: one {@code /api/v1/query_range} per metric and scope, with the expression
 * {@link PromQl} builds. The points are aligned to the query's grid ({@code start + i * step} for every point before
 * {@code end}); a point Prometheus has no sample for, or whose value is NaN, is NaN. A query returning no series is
 * a metric with no data (all NaN); one returning several is refused, since a judgement compares one series per
 * scope (aggregate it, e.g. without {@code groupByFields}).
 *
 * <p>A query Prometheus refuses (400/422: bad PromQL) is an {@link IllegalArgumentException} with Prometheus's own
 * message; Prometheus unreachable, slow or failing (5xx) is an {@link UncheckedIOException}, which the analysis
 * retries rather than reading as "no data".
 */
final class PrometheusMetricSource implements MetricSource {

    private final URI base;
    private final Duration timeout;
    private final String scopeFilter;
    private final int maxPoints;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    PrometheusMetricSource(URI base, Duration timeout, String scopeFilter, int maxPoints) {
        this.base = base;
        this.timeout = timeout;
        this.scopeFilter = scopeFilter;
        this.maxPoints = maxPoints;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public MetricSeries query(MetricQuery q) {
        long stepMillis = q.step().toMillis();
        if (stepMillis < 1) {
            throw new IllegalArgumentException("metric " + q.metric() + ": the step must be at least 1 ms");
        }
        long span = q.end().toEpochMilli() - q.start().toEpochMilli();
        int points = (int) Math.min(Integer.MAX_VALUE, (span + stepMillis - 1) / stepMillis);
        if (points > maxPoints) {
            throw new IllegalArgumentException("metric " + q.metric() + ": " + points + " points of " + q.step()
                    + " in the window; at most " + maxPoints + " (widen the step or shorten the window)");
        }
        String expr = PromQl.build(q.metric(), q.query(), scopeFilter, bindings(q));
        Instant last = q.start().plusMillis((points - 1L) * stepMillis);
        JsonNode data = get(
                q.metric(),
                expr,
                "api/v1/query_range?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8) + "&start="
                        + seconds(q.start()) + "&end=" + seconds(last) + "&step=" + seconds(q.step()));
        JsonNode result = data.path("result");
        if (!"matrix".equals(data.path("resultType").asText())) {
            throw new IllegalArgumentException("metric " + q.metric() + ": '" + expr + "' gives a "
                    + data.path("resultType").asText() + ", not a range vector");
        }
        double[] values = new double[points];
        Arrays.fill(values, Double.NaN);
        if (result.size() > 1) {
            throw new IllegalArgumentException("metric " + q.metric() + ": '" + expr + "' returned " + result.size()
                    + " series for scope " + q.scope().label() + "; a judgement needs one (aggregate them)");
        }
        if (result.size() == 1) {
            for (JsonNode point : result.get(0).path("values")) {
                long at =
                        new BigDecimal(point.get(0).asText()).movePointRight(3).longValue();
                long offset = at - q.start().toEpochMilli();
                int i = (int) Math.round((double) offset / stepMillis);
                if (i >= 0 && i < points && Math.abs(offset - (long) i * stepMillis) < stepMillis / 2 + 1) {
                    values[i] = parse(point.get(1).asText());
                }
            }
        }
        return new MetricSeries(q.metric(), q.scope(), q.start(), q.step(), values);
    }

    /** The scope's bindings plus the component's ref split as Backstage writes it: {@code kind:namespace/name}. */
    static Map<String, String> bindings(MetricQuery q) {
        Map<String, String> out = new HashMap<>();
        out.put("scope", q.scope().label());
        if (q.component() != null) {
            String ref = q.component();
            out.put("component", ref);
            String rest = ref.contains(":") ? ref.substring(ref.indexOf(':') + 1) : ref;
            out.put("name", rest.contains("/") ? rest.substring(rest.lastIndexOf('/') + 1) : rest);
            out.put("namespace", rest.contains("/") ? rest.substring(0, rest.lastIndexOf('/')) : "default");
        }
        if (q.placement() != null) {
            out.put("version", q.placement().version());
            out.put("placement", q.placement().id());
        }
        out.putAll(q.bindings());
        return out;
    }

    private JsonNode get(String metric, String expr, String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("prometheus at " + base + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted querying " + base));
        }
        int status = response.statusCode();
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    new IOException("prometheus at " + base + " answered " + status + " with no JSON body", e));
        }
        if (status == 400 || status == 422) {
            throw new IllegalArgumentException("metric " + metric + ": Prometheus refused '" + expr + "': "
                    + body.path("error").asText(body.path("errorType").asText("status " + status)));
        }
        if (status != 200 || !"success".equals(body.path("status").asText())) {
            throw new UncheckedIOException(new IOException("prometheus at " + base + " answered " + status + ": "
                    + body.path("error").asText(response.body())));
        }
        return body.path("data");
    }

    /** Prometheus's own number text: {@code NaN}, {@code +Inf}, {@code -Inf} or a float. */
    static double parse(String text) {
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.parseDouble(text);
        }
    }

    private static String seconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3).toPlainString();
    }

    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).toPlainString();
    }
}
