package dev.verdict.outbox.relay;

import dev.verdict.events.EventCodec;
import dev.verdict.outbox.OutboxLanes;
import dev.verdict.persistence.Jdbc;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The outbox relay: worker threads that move committed {@code verdict_outbox} rows to Kafka. Plain Java over a
 * {@link Jdbc} (the Quarkus bean {@link OutboxRelay} wires it; the benchmark runs it on {@code new Jdbc(dataSource)}).
 * Its threads have no JTA transaction, so each batch is a local transaction on a connection of its own.
 *
 * <p>One batch is one database transaction: take the lane's advisory lock ({@code pg_try_advisory_xact_lock}),
 * claim the lane's oldest pending rows ({@code FOR UPDATE SKIP LOCKED}), send them with an idempotent producer
 * ({@code acks=all}), wait for every acknowledgement, then mark the acknowledged rows sent (or delete them) and commit,
 * which releases the lock. A row is never marked sent without an acknowledgement, and never marked while an earlier
 * row of its key in the batch failed, so a retry resends the key's events in their order. Any failure closes the
 * producer at once (unsent records are dropped, not delivered later out of order) and the worker backs off.
 */
public final class RelayEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RelayEngine.class);

    /** First key of the two-int advisory locks ('vobx'); the second is the lane. */
    static final int LOCK_CLASS = 0x766f6278;

    static final String CONTENT_TYPE_HEADER = "content-type";
    static final byte[] CONTENT_TYPE = (EventCodec.CONTENT_TYPE + "; charset=UTF-8").getBytes(StandardCharsets.UTF_8);
    private static final int CLEANUP_CHUNK = 10_000;
    private static final String PENDING =
            "select count(*) from verdict_outbox where sent_at is null and parked_at is null";

    /** What the relay does, and how patiently. */
    public record Settings(
            int workers,
            int batchSize,
            Duration pollInterval,
            Duration backoffInitial,
            Duration backoffMax,
            Duration sendTimeout,
            Duration sentRetention,
            Duration cleanupInterval,
            int maxAttempts,
            Duration inboxRetention) {
        public Settings {
            if (workers < 1 || batchSize < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("workers, batchSize and maxAttempts must be >= 1");
            }
            Objects.requireNonNull(pollInterval);
            Objects.requireNonNull(backoffInitial);
            Objects.requireNonNull(backoffMax);
            Objects.requireNonNull(sendTimeout);
            Objects.requireNonNull(sentRetention);
            Objects.requireNonNull(cleanupInterval);
            Objects.requireNonNull(inboxRetention);
        }

        /** Defaults matching {@code OutboxConfig}'s. */
        public static Settings defaults() {
            return new Settings(
                    4,
                    1000,
                    Duration.ofMillis(500),
                    Duration.ofMillis(200),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(30),
                    Duration.ZERO,
                    Duration.ofMinutes(1),
                    10,
                    Duration.ofDays(30));
        }

        public Settings withWorkers(int n) {
            return new Settings(
                    n,
                    batchSize,
                    pollInterval,
                    backoffInitial,
                    backoffMax,
                    sendTimeout,
                    sentRetention,
                    cleanupInterval,
                    maxAttempts,
                    inboxRetention);
        }

        public Settings withBatchSize(int n) {
            return new Settings(
                    workers,
                    n,
                    pollInterval,
                    backoffInitial,
                    backoffMax,
                    sendTimeout,
                    sentRetention,
                    cleanupInterval,
                    maxAttempts,
                    inboxRetention);
        }

        public Settings withSentRetention(Duration d) {
            return new Settings(
                    workers,
                    batchSize,
                    pollInterval,
                    backoffInitial,
                    backoffMax,
                    sendTimeout,
                    d,
                    cleanupInterval,
                    maxAttempts,
                    inboxRetention);
        }
    }

    /** Hooks for metrics and tests; called on worker threads after the batch's transaction committed. */
    public interface Listener {
        default void sent(int rows) {}

        default void failed(int rows, Throwable cause) {}

        default void parked(int rows) {}
    }

    private final Jdbc jdbc;
    private final Map<String, Object> producerConfig;
    private final Settings settings;
    private final Listener listener;
    private final String name;
    private final List<Thread> threads = new ArrayList<>();
    private final Object wakeMonitor = new Object();
    private final AtomicBoolean running = new AtomicBoolean();
    private long wakeGeneration;

    /**
     * @param producerConfig Kafka producer settings, usually {@link #producerConfig}; serializers are set here
     * @param name           thread and client-id prefix
     */
    public RelayEngine(
            Jdbc jdbc, Map<String, Object> producerConfig, Settings settings, Listener listener, String name) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.producerConfig = Map.copyOf(producerConfig);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = listener == null ? new Listener() {} : listener;
        this.name = name;
    }

    /**
     * Producer settings for a relay: {@code extra} first, then the ones ordering and durability depend on, which
     * {@code extra} cannot override.
     */
    public static Map<String, Object> producerConfig(
            String bootstrapServers, Duration sendTimeout, Map<String, String> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        config.putAll(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // <= 5 in flight keeps per-partition order with idempotence; retries are bounded by delivery.timeout.ms.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        long timeout = Math.max(sendTimeout.toMillis(), 2_000);
        long linger = Long.parseLong(String.valueOf(config.get(ProducerConfig.LINGER_MS_CONFIG)));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, (timeout - linger) / 2));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        return config;
    }

    public synchronized void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        for (int i = 0; i < settings.workers(); i++) {
            Worker worker = new Worker(i);
            Thread t = new Thread(worker, name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        LOG.infof(
                "outbox relay started: %d worker(s), batch %d, lanes %d",
                settings.workers(), settings.batchSize(), OutboxLanes.COUNT);
    }

    /** Makes idle workers look for rows now (called after a transaction that published committed). */
    public void wakeUp() {
        synchronized (wakeMonitor) {
            wakeGeneration++;
            wakeMonitor.notifyAll();
        }
    }

    public boolean isRunning() {
        return running.get();
    }

    /** Stops the workers; a batch in flight finishes or rolls back (its rows stay pending). */
    @Override
    public synchronized void close() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        wakeUp();
        for (Thread t : threads) {
            try {
                t.join(settings.sendTimeout().toMillis() + 10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.clear();
        LOG.info("outbox relay stopped");
    }

    /** Rows waiting to be sent (not parked). */
    public long pendingCount() {
        return countPending(jdbc);
    }

    /** Rows waiting to be sent (all replicas', not parked) in the database of {@code jdbc}. */
    public static long countPending(Jdbc jdbc) {
        return jdbc.one(PENDING, ps -> {}, rs -> rs.getLong(1)).orElseThrow();
    }

    private final class Worker implements Runnable {
        private final int index;
        private Producer<String, byte[]> producer;
        private long lastCleanup = System.nanoTime();
        private int pass;
        private int consecutiveFailures;

        Worker(int index) {
            this.index = index;
        }

        @Override
        public void run() {
            Duration backoff = settings.backoffInitial();
            while (running.get()) {
                try {
                    long generation = currentGeneration();
                    boolean worked = pass();
                    if (consecutiveFailures > 0) {
                        LOG.infof(
                                "outbox relay worker %d recovered after %d failed attempt(s)",
                                index, consecutiveFailures);
                    }
                    consecutiveFailures = 0;
                    backoff = settings.backoffInitial();
                    if (index == 0) {
                        cleanupIfDue();
                    }
                    if (!worked) {
                        awaitWake(generation, settings.pollInterval());
                    }
                } catch (Error e) {
                    LOG.error("outbox relay worker " + index + " stops on an unrecoverable error", e);
                    closeProducer();
                    throw e;
                } catch (Exception e) {
                    consecutiveFailures++;
                    closeProducer();
                    // The first failure of a streak is worth a warning; the retries of an outage are not.
                    if (consecutiveFailures == 1) {
                        LOG.warnf("outbox relay worker %d: %s; retrying with backoff", index, describe(e));
                    } else {
                        LOG.debugf(
                                "outbox relay worker %d: attempt %d failed: %s",
                                index, consecutiveFailures, describe(e));
                    }
                    sleep(backoff);
                    backoff = min(backoff.multipliedBy(2), settings.backoffMax());
                }
            }
            closeProducer();
        }

        /** One round over the lanes that have pending rows; true if anything was sent. */
        private boolean pass() {
            List<Integer> lanes = pendingLanes();
            if (lanes.isEmpty()) {
                return false;
            }
            boolean worked = false;
            int start = Math.floorMod(index + pass++, lanes.size());
            for (int i = 0; i < lanes.size() && running.get(); i++) {
                int lane = lanes.get((start + i) % lanes.size());
                if (relayBatch(lane) > 0) {
                    worked = true;
                }
            }
            return worked;
        }

        private List<Integer> pendingLanes() {
            // One index probe per lane: cheap however long the backlog is.
            String sql = "select l from generate_series(0, " + (OutboxLanes.COUNT - 1) + ") l where exists "
                    + "(select 1 from verdict_outbox o where o.lane = l and o.sent_at is null and o.parked_at is null)";
            return jdbc.list(sql, ps -> {}, rs -> rs.getInt(1));
        }

        /** Relays one batch of {@code lane}: rows sent, 0 if none pending, -1 if another worker holds the lane. */
        private int relayBatch(int lane) {
            // Claim, send and mark must share one transaction (the lane lock and the row locks live until commit),
            // and Jdbc has no local-transaction API, so the batch is free-form work on the connection.
            return jdbc.run("relay batch of lane " + lane, c -> {
                c.setAutoCommit(false);
                try {
                    if (!tryLockLane(c, lane)) {
                        c.rollback();
                        return -1;
                    }
                    List<Row> rows = claim(c, lane);
                    if (rows.isEmpty()) {
                        c.commit();
                        return 0;
                    }
                    Outcome outcome = send(rows);
                    int parked = record(c, rows, outcome);
                    c.commit();
                    if (!outcome.sentIds.isEmpty()) {
                        listener.sent(outcome.sentIds.size());
                    }
                    if (parked > 0) {
                        listener.parked(parked);
                    }
                    if (outcome.firstFailure != null) {
                        listener.failed(rows.size() - outcome.sentIds.size(), outcome.firstFailure);
                        throw new RelayFailure(
                                outcome.sentIds.size() + " of " + rows.size() + " rows of lane " + lane + " sent",
                                outcome.firstFailure);
                    }
                    return outcome.sentIds.size();
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                } finally {
                    resetAutoCommit(c);
                }
            });
        }

        private boolean tryLockLane(Connection c, int lane) throws SQLException {
            // synchronous_commit off for this transaction only: if PostgreSQL crashes and loses the "sent" marks of
            // the last batches, those rows are sent again, which at-least-once delivery (and the inbox) allows
            // anyway. It saves a WAL flush per batch. Business transactions keep full durability.
            try (PreparedStatement ps = c.prepareStatement(
                    "select pg_try_advisory_xact_lock(?, ?), set_config('synchronous_commit', 'off', true)")) {
                ps.setInt(1, LOCK_CLASS);
                ps.setInt(2, lane);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        }

        private List<Row> claim(Connection c, int lane) throws SQLException {
            // The lane lock already excludes other relays; SKIP LOCKED only keeps a stray lock from stalling us.
            String sql = "select id, topic, msg_key, event_id, payload from verdict_outbox "
                    + "where lane = ? and sent_at is null and parked_at is null order by id limit ? for update skip locked";
            List<Row> rows = new ArrayList<>(settings.batchSize());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, lane);
                ps.setInt(2, settings.batchSize());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getObject(4, UUID.class),
                                rs.getBytes(5)));
                    }
                }
            }
            return rows;
        }

        private Outcome send(List<Row> rows) {
            Producer<String, byte[]> p = producer();
            List<Future<RecordMetadata>> futures = new ArrayList<>(rows.size());
            for (Row row : rows) {
                Future<RecordMetadata> future;
                try {
                    future = p.send(new ProducerRecord<>(
                            row.topic,
                            null,
                            row.key,
                            row.payload,
                            List.of(new RecordHeader(CONTENT_TYPE_HEADER, CONTENT_TYPE))));
                } catch (RuntimeException e) {
                    future = CompletableFuture.failedFuture(e);
                }
                futures.add(future);
                // An immediate failure (no metadata within max.block.ms, record too large...): sending the rest would
                // only put later rows ahead of this one, or block once more per row. They stay pending, untouched.
                if (future.isDone() && outcomeOf(future) != null) {
                    break;
                }
            }
            try {
                p.flush();
            } catch (RuntimeException e) {
                LOG.debugf("flush failed: %s", e.toString()); // the futures tell each row's fate
            }
            Outcome outcome = new Outcome(rows.size());
            Set<String> blockedKeys = new HashSet<>();
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                if (i >= futures.size()) {
                    outcome.notAttempted++;
                    continue;
                }
                Throwable failure = outcomeOf(futures.get(i));
                if (failure != null) {
                    outcome.fail(row, failure);
                    if (row.key != null) {
                        blockedKeys.add(row.key);
                    }
                } else if (row.key == null || !blockedKeys.contains(row.key)) {
                    outcome.sentIds.add(row.id);
                }
                // else: acknowledged, but an earlier row of its key was not: it stays pending and goes again after it
            }
            return outcome;
        }

        private Throwable outcomeOf(Future<RecordMetadata> future) {
            try {
                // flush() has returned, so this does not wait unless flush itself was cut short
                future.get(settings.sendTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
                return null;
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (TimeoutException e) {
                return e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return e;
            }
        }

        /** Marks sent rows and records failures in the batch's transaction; returns the number of rows parked. */
        private int record(Connection c, List<Row> rows, Outcome outcome) throws SQLException {
            if (!outcome.sentIds.isEmpty()) {
                String sql = settings.sentRetention().isZero()
                        ? "delete from verdict_outbox where id = any(?)"
                        : "update verdict_outbox set sent_at = now() where id = any(?)";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    Array ids = c.createArrayOf("bigint", outcome.sentIds.toArray());
                    ps.setArray(1, ids);
                    ps.executeUpdate();
                }
            }
            int parked = 0;
            if (!outcome.failures.isEmpty()) {
                String sql = "update verdict_outbox set attempts = attempts + 1, last_error = ?, "
                        + "parked_at = case when ? and attempts + 1 >= ? then now() end where id = ? "
                        + "returning parked_at is not null";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (Map.Entry<Long, Throwable> f : outcome.failures.entrySet()) {
                        ps.setString(1, truncate(describe(f.getValue()), 2000));
                        ps.setBoolean(2, isRecordFault(f.getValue()));
                        ps.setInt(3, settings.maxAttempts());
                        ps.setLong(4, f.getKey());
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next() && rs.getBoolean(1)) {
                                parked++;
                                LOG.errorf(
                                        "outbox row %d parked after %d attempts: %s",
                                        f.getKey(), settings.maxAttempts(), describe(f.getValue()));
                            }
                        }
                    }
                }
            }
            return parked;
        }

        private void cleanupIfDue() {
            if (System.nanoTime() - lastCleanup < settings.cleanupInterval().toNanos()) {
                return;
            }
            lastCleanup = System.nanoTime();
            int outbox = deleteInChunks(
                    "delete from verdict_outbox where id in (select id from verdict_outbox "
                            + "where sent_at < now() - make_interval(secs => ?) limit " + CLEANUP_CHUNK + ")",
                    settings.sentRetention());
            int inbox = deleteInChunks(
                    "delete from verdict_inbox where (consumer, event_id) in (select consumer, "
                            + "event_id from verdict_inbox where processed_at < now() - make_interval(secs => ?) limit "
                            + CLEANUP_CHUNK + ")",
                    settings.inboxRetention());
            if (outbox + inbox > 0) {
                LOG.debugf("outbox clean-up: %d sent outbox rows, %d inbox rows deleted", outbox, inbox);
            }
        }

        private int deleteInChunks(String sql, Duration retention) {
            // One statement for all chunks, each committed on its own (autocommit).
            return jdbc.run(sql, c -> {
                int total = 0;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setDouble(1, retention.toMillis() / 1000.0);
                    int n;
                    do {
                        n = ps.executeUpdate();
                        total += n;
                    } while (n == CLEANUP_CHUNK && running.get());
                }
                return total;
            });
        }

        private Producer<String, byte[]> producer() {
            if (producer == null) {
                Map<String, Object> config = new HashMap<>(producerConfig);
                config.put(ProducerConfig.CLIENT_ID_CONFIG, name + "-" + index);
                producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
            }
            return producer;
        }

        private void closeProducer() {
            if (producer != null) {
                try {
                    // Zero: records not yet on the wire are dropped rather than delivered after a retry's copies.
                    producer.close(Duration.ZERO);
                } catch (RuntimeException e) {
                    LOG.debug("closing the relay producer failed", e);
                }
                producer = null;
            }
        }
    }

    private long currentGeneration() {
        synchronized (wakeMonitor) {
            return wakeGeneration;
        }
    }

    private void awaitWake(long seenGeneration, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (wakeMonitor) {
            while (running.get() && wakeGeneration == seenGeneration) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(wakeMonitor, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** A backoff pause: publishing does not cut it short (Kafka is still down), only {@link #close()} does. */
    private void sleep(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        synchronized (wakeMonitor) {
            while (running.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(wakeMonitor, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    static boolean isRecordFault(Throwable t) {
        return t instanceof RecordTooLargeException
                || t instanceof RecordBatchTooLargeException
                || t instanceof InvalidTopicException
                || t instanceof InvalidRecordException
                || t instanceof SerializationException;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName()
                + (message == null ? "" : ": " + message)
                + (e.getCause() != null && e.getCause() != e ? " (" + e.getCause() + ")" : "");
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    // The two clean-ups of a batch's local transaction: a failure here (a broken connection) is logged, not thrown,
    // so it neither hides the batch's own outcome nor fails a batch that committed.
    private static void resetAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debug("resetting auto-commit failed (connection broken?)", e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    private record Row(long id, String topic, String key, UUID eventId, byte[] payload) {}

    private static final class Outcome {
        final List<Long> sentIds;
        final Map<Long, Throwable> failures = new HashMap<>();
        Throwable firstFailure;
        int notAttempted;

        Outcome(int size) {
            sentIds = new ArrayList<>(size);
        }

        void fail(Row row, Throwable cause) {
            failures.put(row.id, cause);
            if (firstFailure == null) {
                firstFailure = cause;
            }
        }
    }

    /** A batch that was not (completely) acknowledged; its unsent rows stay pending. */
    static final class RelayFailure extends RuntimeException {
        RelayFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
