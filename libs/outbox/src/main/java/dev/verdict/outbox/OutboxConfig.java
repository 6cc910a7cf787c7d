package dev.verdict.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the outbox relay and the inbox consumers ({@code verdict.outbox.*}). The Kafka address is the
 * platform-wide {@code kafka.bootstrap.servers}.
 */
@ConfigMapping(prefix = "verdict.outbox")
public interface OutboxConfig {

    /** Run the outbox/inbox schema migration (own Flyway history table) at startup. */
    @WithDefault("true")
    boolean migrateAtStart();

    /** Run the relay in this process. Publishing works either way; another replica may relay. */
    @WithDefault("true")
    boolean enabled();

    /** Relay worker threads in this process (each with its own Kafka producer); at most 16 work at once overall. */
    @WithDefault("4")
    int workers();

    /** Rows claimed, sent and marked per relay transaction. */
    @WithDefault("1000")
    int batchSize();

    /** How often an idle relay looks for rows written by other replicas (commits in this process wake it at once). */
    @WithDefault("500ms")
    Duration pollInterval();

    /** First pause after a failed batch (Kafka or PostgreSQL unavailable); doubles up to {@link #backoffMax()}. */
    @WithDefault("200ms")
    Duration backoffInitial();

    @WithDefault("30s")
    Duration backoffMax();

    /** How long one batch may wait for Kafka's acknowledgements (producer {@code delivery.timeout.ms}). */
    @WithDefault("30s")
    Duration sendTimeout();

    /**
     * {@code 0s} (default): a row is deleted in the transaction that saw its acknowledgement. Longer: the row is
     * marked {@code sent_at} and deleted after this long, for inspection; marking costs an extra row version per
     * event, which the benchmark shows as roughly 2.5 times less relay throughput.
     */
    @WithDefault("0s")
    Duration sentRetention();

    /** How often sent outbox rows and old inbox rows are deleted. */
    @WithDefault("1m")
    Duration cleanupInterval();

    /**
     * Attempts after which a row that Kafka rejects for a non-retriable reason (record too large, invalid topic...)
     * is parked ({@code parked_at}) so its lane moves on. Retriable failures (broker down) are retried forever.
     */
    @WithDefault("10")
    int maxAttempts();

    /** Extra Kafka producer properties (security, compression...); the ordering and durability ones are fixed. */
    Map<String, String> producer();

    Inbox inbox();

    interface Inbox {

        /** Inbox rows older than this are deleted; redeliveries older than it would be applied again. */
        @WithDefault("30d")
        Duration retention();

        /** Attempts of a failing handler before the message is parked in {@code verdict_inbox_dead}. */
        @WithDefault("5")
        int maxAttempts();

        /** Pause between handler attempts (doubles each time), and before a crashed consumer loop restarts. */
        @WithDefault("200ms")
        Duration backoff();

        /** Extra Kafka consumer properties for every inbox consumer. */
        Map<String, String> consumer();
    }
}
