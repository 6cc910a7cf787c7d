package dev.verdict.plugin.prometheus;

import dev.verdict.plugin.MetricSource;
import dev.verdict.plugin.MetricSourceFactory;
import dev.verdict.plugin.Setting;
import dev.verdict.plugin.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The {@code prometheus} metric source's factory. Its {@code scope-filter} is the per-scope label binding (Kayenta's
 * {@code scopeLabel}, generalised): the label matchers that select one scope's instances, with {@code ${scope}},
 * {@code ${version}}, {@code ${component}}, {@code ${name}}, {@code ${namespace}} bound per query. The default
 * matches the labels the process target writes into its Prometheus targets file.
 */
public class PrometheusMetricSourceFactory implements MetricSourceFactory {

    static final Setting<URI> URL = new Setting<>(
            "url", "the Prometheus server's base URL", "http://127.0.0.1:9090", PrometheusMetricSourceFactory::uri);
    static final Setting<Duration> TIMEOUT =
            Setting.duration("timeout", "how long one query may take before the analysis retries it", "10s");
    static final Setting<String> SCOPE_FILTER = Setting.text(
            "scope-filter",
            "label matchers selecting one scope's instances",
            "verdict_component=\"${component}\",verdict_scope=\"${scope}\"");
    static final Setting<Integer> MAX_POINTS = Setting.integer(
            "max-points", "the most points one query may ask for (Prometheus itself refuses over 11,000)", 11_000);

    @Override
    public String id() {
        return "prometheus";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(URL, TIMEOUT, SCOPE_FILTER, MAX_POINTS);
    }

    @Override
    public MetricSource create(Settings s) {
        return new PrometheusMetricSource(s.get(URL), s.get(TIMEOUT), s.get(SCOPE_FILTER), s.get(MAX_POINTS));
    }

    private static URI uri(String text) {
        URI u;
        try {
            u = URI.create(text.trim().endsWith("/") ? text.trim() : text.trim() + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL");
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' is not an http(s) URL");
        }
        return u;
    }
}
