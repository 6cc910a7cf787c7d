package dev.verdict.deploy.deployment.engine;

import dev.verdict.deploy.config.DeployConfig;
import dev.verdict.plugin.DeployTarget;
import dev.verdict.plugin.DeployTargetFactory;
import dev.verdict.plugin.MetricSource;
import dev.verdict.plugin.MetricSourceFactory;
import dev.verdict.plugin.Plugins;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.Map;

/**
 * The deploy target and metric sources this process uses, created once from plugins found through
 * {@link java.util.ServiceLoader}. A metric's {@code query.type} in the canary config picks its source: the target's
 * own ({@code router} for the process target) or one configured under {@code verdict.deploy.metric-sources}
 * ({@code prometheus}).
 */
@ApplicationScoped
public class Targets {

    private final DeployTarget target;
    private final boolean stopOnShutdown;
    private final Map<String, MetricSource> sources = new HashMap<>();

    public Targets(DeployConfig config) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        this.target = Plugins.create(
                DeployTargetFactory.class,
                loader,
                config.target().type(),
                config.target().settings().getOrDefault(config.target().type(), Map.of()));
        this.stopOnShutdown = config.target().stopOnShutdown();
        target.ownMetrics().ifPresent(e -> sources.put(e.getKey(), e.getValue()));
        config.metricSources().forEach((id, settings) -> {
            if (sources.containsKey(id)) {
                throw new IllegalStateException("verdict.deploy.metric-sources." + id
                        + ": the deploy target already offers a metric source '" + id + "'");
            }
            sources.put(id, Plugins.create(MetricSourceFactory.class, loader, id, settings));
        });
    }

    public DeployTarget target() {
        return target;
    }

    /** The {@code query.type}s a canary config may name here. */
    public java.util.Set<String> sourceTypes() {
        return java.util.Set.copyOf(sources.keySet());
    }

    /** The source answering {@code type}; an unknown type is a bad config, named with the types there are. */
    public MetricSource source(String type) {
        MetricSource s = sources.get(type);
        if (s == null) {
            throw new IllegalArgumentException(
                    "no metric source of type '" + type + "'; this orchestrator has " + sources.keySet());
        }
        return s;
    }

    void close(@Observes ShutdownEvent ev) {
        sources.values().forEach(MetricSource::close);
        if (stopOnShutdown) {
            target.stopAll();
        }
        target.close();
    }
}
