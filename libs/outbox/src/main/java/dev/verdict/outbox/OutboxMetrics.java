package dev.verdict.outbox;

import dev.verdict.outbox.relay.RelayEngine;
import dev.verdict.persistence.DataAccessException;
import dev.verdict.persistence.Jdbc;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Micrometer meters of the outbox and inbox (when the application has a {@link MeterRegistry}):
 * {@code verdict.outbox.pending} (gauge, rows waiting, read at most every 5 s), {@code verdict.outbox.sent},
 * {@code verdict.outbox.send.failures}, {@code verdict.outbox.parked}, and per consumer
 * {@code verdict.inbox.applied}, {@code verdict.inbox.duplicates}, {@code verdict.inbox.parked}.
 */
@ApplicationScoped
public class OutboxMetrics implements RelayEngine.Listener {

    private static final long PENDING_CACHE_NANOS = 5_000_000_000L;

    private final Instance<MeterRegistry> registries;
    private final Jdbc jdbc;
    private MeterRegistry registry;
    private Counter sent;
    private Counter failures;
    private Counter parked;
    private final AtomicLong sentTotal = new AtomicLong();
    private volatile long pendingValue = -1;
    private volatile long pendingReadAt;

    public OutboxMetrics(Instance<MeterRegistry> registries, Jdbc jdbc) {
        this.registries = registries;
        this.jdbc = jdbc;
    }

    @PostConstruct
    void init() {
        if (registries.isResolvable()) {
            registry = registries.get();
            sent = registry.counter("verdict.outbox.sent");
            failures = registry.counter("verdict.outbox.send.failures");
            parked = registry.counter("verdict.outbox.parked");
            Gauge.builder("verdict.outbox.pending", this, OutboxMetrics::pending)
                    .description("outbox rows waiting to be relayed")
                    .register(registry);
        }
    }

    @Override
    public void sent(int rows) {
        sentTotal.addAndGet(rows);
        if (sent != null) {
            sent.increment(rows);
        }
    }

    @Override
    public void failed(int rows, Throwable cause) {
        if (failures != null) {
            failures.increment(rows);
        }
    }

    @Override
    public void parked(int rows) {
        if (parked != null) {
            parked.increment(rows);
        }
    }

    /** Rows this process has relayed since it started. */
    public long sentTotal() {
        return sentTotal.get();
    }

    public void inboxApplied(String consumer) {
        count("verdict.inbox.applied", consumer);
    }

    public void inboxDuplicate(String consumer) {
        count("verdict.inbox.duplicates", consumer);
    }

    public void inboxParked(String consumer) {
        count("verdict.inbox.parked", consumer);
    }

    private void count(String name, String consumer) {
        if (registry != null) {
            registry.counter(name, "consumer", consumer).increment();
        }
    }

    private double pending() {
        long now = System.nanoTime();
        if (pendingValue < 0 || now - pendingReadAt > PENDING_CACHE_NANOS) {
            try {
                pendingValue = RelayEngine.countPending(jdbc);
            } catch (DataAccessException e) {
                return Double.NaN; // a gauge must not throw; the next scrape asks again
            }
            pendingReadAt = now;
        }
        return pendingValue;
    }
}
