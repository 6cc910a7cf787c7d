package dev.verdict.outbox.relay;

import dev.verdict.outbox.OutboxConfig;
import dev.verdict.outbox.OutboxMetrics;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The relay of this process, configured from {@link OutboxConfig} and {@code kafka.bootstrap.servers}; started by
 * {@link dev.verdict.outbox.OutboxLifecycle} after the schema migration, stopped at shutdown.
 */
@ApplicationScoped
public class OutboxRelay {

    @Inject
    OutboxConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxMetrics metrics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    Optional<String> bootstrapServers;

    private volatile RelayEngine engine;

    public synchronized void start() {
        if (engine != null) {
            return;
        }
        String bootstrap = bootstrapServers.orElseThrow(() -> new IllegalStateException(
                "kafka.bootstrap.servers is not set; the outbox relay needs it (or set verdict.outbox.enabled=false)"));
        RelayEngine e = new RelayEngine(
                dataSource,
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
    public long pendingCount() throws SQLException {
        try (var c = dataSource.getConnection();
                var s = c.createStatement();
                var rs = s.executeQuery(
                        "select count(*) from verdict_outbox where sent_at is null and parked_at is null")) {
            rs.next();
            return rs.getLong(1);
        }
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
