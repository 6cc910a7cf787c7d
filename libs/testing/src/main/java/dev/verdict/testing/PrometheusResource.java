package dev.verdict.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real Prometheus for a {@code @QuarkusTest}, scraping every second the instances listed in the file_sd file named
 * by init arg {@value #TARGETS_ARG} (e.g. the process target's {@code target/deploy-work/prometheus/targets.json}).
 * Returns its URL as the property named by init arg {@value #URL_PROPERTY_ARG}. One Prometheus per test class that
 * names it, stopped with the class's application. Without a prometheus binary ({@link TestPrometheus#available()})
 * it starts nothing and returns no property: the tests that need it skip themselves.
 */
public class PrometheusResource implements QuarkusTestResourceLifecycleManager {

    public static final String TARGETS_ARG = "targets-file";
    public static final String URL_PROPERTY_ARG = "url-property";

    private Path targets;
    private String urlProperty;
    private TestPrometheus prometheus;

    @Override
    public void init(Map<String, String> initArgs) {
        targets = Path.of(initArgs.getOrDefault(TARGETS_ARG, "target/prometheus-targets.json"));
        urlProperty = initArgs.getOrDefault(URL_PROPERTY_ARG, "verdict.deploy.metric-sources.prometheus.url");
    }

    @Override
    public Map<String, String> start() {
        if (!TestPrometheus.available()) {
            return Map.of();
        }
        prometheus = TestPrometheus.start(Duration.ofSeconds(1), targets);
        return Map.of(urlProperty, prometheus.url());
    }

    @Override
    public void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }
}
