package dev.verdict.outbox.relay;

import dev.verdict.outbox.OutboxConfig;
import dev.verdict.outbox.OutboxMetrics;
import dev.verdict.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The relay of this process, configured from {@link OutboxConfig} and {@code kafka.bootstrap.servers}; started by
 * {@link dev.verdict.outbox.OutboxLifecycle} after the schema migration, stopped at shutdown.
 */
@ApplicationScoped
public class OutboxRelay {

    private final OutboxConfig config;
    private final Jdbc jdbc;
    private final OutboxMetrics metrics;
    private final Optional<String> bootstrapServers;
    private volatile RelayEngine engine;

    public OutboxRelay(
            OutboxConfig config,
            Jdbc jdbc,
            OutboxMetrics metrics,
            @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> bootstrapServers) {
        this.config = config;
        this.jdbc = jdbc;
        this.metrics = metrics;
        this.bootstrapServers = bootstrapServers;
    }

    public synchronized void start() {
        if (engine != null) {
            return;
        }
        String bootstrap = bootstrapServers.orElseThrow(() -> new IllegalStateException(
                "kafka.bootstrap.servers is not set; the outbox relay needs it (or set verdict.outbox.enabled=false)"));
        RelayEngine e = new RelayEngine(
                jdbc,
                RelayEngine.producerConfig(bootstrap, config.sendTimeout(), config.producer()),
                settings(config),
                metrics,
                "verdict-outbox-relay");
        e.start();
        engine = e;
    }

    public synchronized void stop() {
        RelayEngine e = engine;
        engine = null;
        if (e != null) {
            e.close();
        }
    }

    /** Lets the relay look for rows now instead of at its next poll. No-op when the relay is not running here. */
    public void wakeUp() {
        RelayEngine e = engine;
        if (e != null) {
            e.wakeUp();
        }
    }

    public boolean isRunning() {
        RelayEngine e = engine;
        return e != null && e.isRunning();
    }

    /** Rows waiting to be relayed (all replicas'), not counting parked ones. */
    public long pendingCount() {
        return RelayEngine.countPending(jdbc);
    }

    public static RelayEngine.Settings settings(OutboxConfig c) {
        return new RelayEngine.Settings(
                c.workers(),
                c.batchSize(),
                c.pollInterval(),
                c.backoffInitial(),
                c.backoffMax(),
                c.sendTimeout(),
                c.sentRetention(),
                c.cleanupInterval(),
                c.maxAttempts(),
                c.inbox().retention());
    }
}
