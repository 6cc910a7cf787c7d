package dev.verdict.deploy.deployment.engine;

import dev.verdict.deploy.config.DeployConfig;
import dev.verdict.plugin.DeployTarget;
import dev.verdict.plugin.DeployTargetFactory;
import dev.verdict.plugin.MetricSource;
import dev.verdict.plugin.Plugins;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.Map;

/**
 * The deploy target and metric sources this process uses, created once from plugins found through
 * {@link java.util.ServiceLoader}. A metric's {@code query.type} in the canary config picks its source: the target's
 * own ({@code router} for the process target). Metric-source plugins with settings of their own (Prometheus) are
 * not wired yet.
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
                config.target().settings());
        this.stopOnShutdown = config.target().stopOnShutdown();
        target.ownMetrics().ifPresent(e -> sources.put(e.getKey(), e.getValue()));
    }

    public DeployTarget target() {
        return target;
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
