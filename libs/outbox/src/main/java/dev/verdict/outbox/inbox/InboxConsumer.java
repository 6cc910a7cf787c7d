package dev.verdict.outbox.inbox;

import dev.verdict.events.EventCodec;
import dev.verdict.events.EventFormatException;
import dev.verdict.events.VerdictEvent;
import dev.verdict.outbox.OutboxMetrics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * A Kafka consumer loop that applies each event exactly once in effect: for every record it opens a transaction,
 * records the event id in the {@link Inbox} and runs the {@link Handler} only if the id is new, commits, and only
 * after the batch's transactions committed commits the Kafka offsets. A crash anywhere re-reads from the last
 * committed offset and the inbox skips what was already applied.
 *
 * <ul>
 *   <li>Plain kafka-clients consumer, {@code enable.auto.commit=false}, {@code isolation.level=read_committed},
 *       {@code auto.offset.reset=earliest}; the group id is the consumer's name, which is also its inbox name.</li>
 *   <li>A payload that is not a readable event ({@link EventFormatException}) is parked in {@code verdict_inbox_dead}
 *       with its reason and the loop moves on. A handler that keeps failing is retried with backoff
 *       ({@code verdict.outbox.inbox.max-attempts}) and then parked too ({@code HANDLER_FAILED}), so one poison
 *       message never blocks its partition forever.</li>
 *   <li>Any other error in the loop (Kafka, a {@link Listener} throwing) closes the Kafka consumer without committing
 *       and starts a new one after a pause: the same recovery as a process restart.</li>
 * </ul>
 * <p>Batch mode ({@link Builder#batchHandler}): for an effect with a bulk form (evidence ingest's {@code COPY}), a
 * whole poll is handed to a {@link BatchHandler} in one transaction. The handler dedupes by its effect's own rows (no
 * inbox row per event: a redelivered event must find its effect stored and skip it) and returns the events it refuses,
 * which are parked after the commit. A batch that fails is retried one record per transaction; a record that still
 * fails is parked as {@code HANDLER_FAILED}. Offsets are committed only after that, as in record mode.
 * Build with {@link InboxConsumers#consumer(String)}.
 */
public final class InboxConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InboxConsumer.class);
    private static final java.util.concurrent.atomic.AtomicInteger CLIENT_SEQ =
            new java.util.concurrent.atomic.AtomicInteger();

    /** The side effect; runs inside the record's transaction. Throwing rolls back the effect and the inbox record. */
    @FunctionalInterface
    public interface Handler {
        void handle(VerdictEvent<?> event, Delivery delivery) throws Exception;
    }

    /**
     * Observes records after their transaction committed and before their offsets are committed. An exception thrown
     * here is treated like a crash of the consumer at that point (tests use it to prove recovery).
     */
    public interface Listener {
        default void processed(VerdictEvent<?> event, Delivery delivery, boolean applied) {}

        default void parked(Delivery delivery, String reason) {}

        /** Batch mode: after the poll's transaction committed and its refusals were parked, before its offsets. */
        default void batchCommitted(List<Received> batch) {}
    }

    /** Where a record came from. */
    public record Delivery(String topic, int partition, long offset, String key) {}

    /**
     * The effect of a whole poll, run inside one transaction. {@code wholeBatch} is false when a failed batch is
     * retried one record per transaction (a handler with a bulk and a row-by-row write path picks the latter).
     * Returns the events it refuses; they are parked after the commit, the others count as applied.
     */
    @FunctionalInterface
    public interface BatchHandler {
        List<Refusal> handle(List<Received> batch, boolean wholeBatch) throws Exception;
    }

    /** A decoded event of a poll, with where it came from. */
    public record Received(VerdictEvent<?> event, Delivery delivery) {}

    /** An event a batch handler refused, parked with {@code reason} (e.g. {@code INVALID_EVIDENCE}) and its text. */
    public record Refusal(Received received, String reason, String error) {}

    private final String name;
    private final List<String> topics;
    private final Handler handler;
    private final BatchHandler batchHandler;
    private final Listener listener;
    private final Map<String, Object> consumerConfig;
    private final Inbox inbox;
    private final EventCodec codec;
    private final OutboxMetrics metrics;
    private final int maxAttempts;
    private final Duration backoff;
    private final Thread thread;
    private final java.util.function.Consumer<InboxConsumer> onClose;
    private volatile boolean running = true;
    private volatile Consumer<String, byte[]> current;
    private volatile int generation;

    InboxConsumer(Builder b) {
        this.name = b.name;
        this.topics = List.copyOf(b.topics);
        this.handler = b.handler;
        this.batchHandler = b.batchHandler;
        this.listener = b.listener;
        this.inbox = b.inbox;
        this.codec = b.codec;
        this.metrics = b.metrics;
        this.maxAttempts = b.maxAttempts;
        this.backoff = b.backoff;
        this.onClose = b.owner::forget;
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        config.putAll(b.properties);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, name);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumerConfig = Map.copyOf(config);
        this.thread = new Thread(this::run, "verdict-inbox-" + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    public String name() {
        return name;
    }

    /** How many Kafka consumers this loop has created (more than one after a crash and restart). */
    public int generation() {
        return generation;
    }

    public boolean isRunning() {
        return running && thread.isAlive();
    }

    /** Stops the loop: the current record finishes, processed offsets are committed, the consumer leaves the group. */
    @Override
    public void close() {
        running = false;
        Consumer<String, byte[]> c = current;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        onClose.accept(this);
    }

    private void run() {
        while (running) {
            Map<String, Object> config = new HashMap<>(consumerConfig);
            // unique per loop and generation: several loops of one consumer group may run in one JVM
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, name + "-" + CLIENT_SEQ.incrementAndGet());
            generation++;
            try (Consumer<String, byte[]> consumer =
                    new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
                current = consumer;
                consumer.subscribe(topics);
                while (running) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                    Map<TopicPartition, OffsetAndMetadata> done = new LinkedHashMap<>();
                    if (batchHandler != null) {
                        if (!records.isEmpty()) {
                            List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
                            records.forEach(batch::add);
                            processBatch(batch);
                            for (ConsumerRecord<String, byte[]> record : batch) {
                                done.put(
                                        new TopicPartition(record.topic(), record.partition()),
                                        new OffsetAndMetadata(record.offset() + 1));
                            }
                        }
                    } else {
                        for (ConsumerRecord<String, byte[]> record : records) {
                            if (!running || !process(record)) {
                                break;
                            }
                            done.put(
                                    new TopicPartition(record.topic(), record.partition()),
                                    new OffsetAndMetadata(record.offset() + 1));
                        }
                    }
                    if (!done.isEmpty()) {
                        // Only now: every record up to these offsets has its transaction committed.
                        consumer.commitSync(done);
                    }
                }
            } catch (WakeupException e) {
                if (running) {
                    LOG.warnf("inbox consumer %s woken up unexpectedly; restarting it", name);
                }
            } catch (Exception e) {
                if (running) {
                    LOG.warnf(
                            "inbox consumer %s crashed (%s); a new consumer re-reads from the last committed offset",
                            name, e.toString());
                    pause(backoff);
                }
            } finally {
                current = null;
            }
        }
    }

    /** Processes one record; false if the loop was stopped before the record was done (it is not committed). */
    private boolean process(ConsumerRecord<String, byte[]> record) {
        Delivery delivery = new Delivery(record.topic(), record.partition(), record.offset(), record.key());
        VerdictEvent<?> event;
        try {
            if (record.value() == null) {
                throw new EventFormatException(EventFormatException.Reason.MALFORMED_JSON, "record has no value");
            }
            event = codec.decode(record.value());
        } catch (EventFormatException e) {
            LOG.errorf(
                    "inbox consumer %s parks %s-%d@%d: %s",
                    name, record.topic(), record.partition(), record.offset(), e.getMessage());
            park(record, delivery, e.eventId(), e.eventType(), e.reason().name(), e.getMessage());
            return true;
        }
        Duration pause = backoff;
        for (int attempt = 1; ; attempt++) {
            Boolean applied;
            try {
                applied = QuarkusTransaction.requiringNew().call(() -> {
                    if (!inbox.tryRecord(name, event)) {
                        return false;
                    }
                    handler.handle(event, delivery);
                    return true;
                });
            } catch (RuntimeException e) {
                if (attempt >= maxAttempts) {
                    LOG.errorf(
                            e, "inbox consumer %s parks event %s after %d failed attempts", name, event.id(), attempt);
                    park(record, delivery, event.id().toString(), event.type(), "HANDLER_FAILED", describe(e));
                    return true;
                }
                LOG.warnf(
                        "inbox consumer %s: event %s failed (attempt %d of %d): %s",
                        name, event.id(), attempt, maxAttempts, describe(e));
                if (!pause(pause)) {
                    return false;
                }
                pause = pause.multipliedBy(2);
                continue;
            }
            if (applied) {
                metrics.inboxApplied(name);
            } else {
                metrics.inboxDuplicate(name);
            }
            listener.processed(event, delivery, applied);
            return true;
        }
    }

    /** Batch mode: one transaction for the poll, per-record transactions if it fails; parks after the commits. */
    private void processBatch(List<ConsumerRecord<String, byte[]>> records) {
        List<Received> received = new ArrayList<>(records.size());
        Map<Delivery, ConsumerRecord<String, byte[]>> byDelivery = new HashMap<>();
        List<Runnable> parkings = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Delivery delivery = new Delivery(record.topic(), record.partition(), record.offset(), record.key());
            byDelivery.put(delivery, record);
            try {
                if (record.value() == null) {
                    throw new EventFormatException(EventFormatException.Reason.MALFORMED_JSON, "record has no value");
                }
                received.add(new Received(codec.decode(record.value()), delivery));
            } catch (EventFormatException e) {
                LOG.errorf(
                        "inbox consumer %s parks %s-%d@%d: %s",
                        name, record.topic(), record.partition(), record.offset(), e.getMessage());
                parkings.add(() -> park(
                        record, delivery, e.eventId(), e.eventType(), e.reason().name(), e.getMessage()));
            }
        }
        List<Refusal> refused = new ArrayList<>();
        try {
            refused.addAll(QuarkusTransaction.requiringNew().call(() -> batchHandler.handle(received, true)));
        } catch (RuntimeException e) {
            LOG.warnf(
                    "inbox consumer %s: a batch of %d failed (%s); retrying one record per transaction",
                    name, received.size(), describe(e));
            refused.clear();
            for (Received r : received) {
                try {
                    refused.addAll(
                            QuarkusTransaction.requiringNew().call(() -> batchHandler.handle(List.of(r), false)));
                } catch (RuntimeException single) {
                    LOG.errorf(
                            single,
                            "inbox consumer %s parks event %s",
                            name,
                            r.event().id());
                    refused.add(new Refusal(r, "HANDLER_FAILED", describe(single)));
                }
            }
        }
        for (Refusal f : refused) {
            Received r = f.received();
            parkings.add(() -> park(
                    byDelivery.get(r.delivery()),
                    r.delivery(),
                    r.event().id().toString(),
                    r.event().type(),
                    f.reason(),
                    f.error()));
        }
        // after the commit: a crash before the offsets re-reads the batch, which finds its effect stored
        parkings.forEach(Runnable::run);
        for (int i = refused.size(); i < received.size(); i++) {
            metrics.inboxApplied(name);
        }
        listener.batchCommitted(received);
    }

    private void park(
            ConsumerRecord<String, byte[]> record,
            Delivery delivery,
            String eventId,
            String eventType,
            String reason,
            String error) {
        inbox.park(new Inbox.ParkedMessage(
                name,
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                eventId,
                eventType,
                reason,
                error,
                record.value()));
        metrics.inboxParked(name);
        listener.parked(delivery, reason);
    }

    /** Sleeps unless stopped; false if stopped. */
    private boolean pause(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        while (running) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e + " caused by " + root;
    }

    /** Configures and starts an {@link InboxConsumer}; obtained from {@link InboxConsumers#consumer(String)}. */
    public static final class Builder {
        private final String name;
        private final InboxConsumers owner;
        private final List<String> topics = new ArrayList<>();
        private final Map<String, Object> properties = new HashMap<>();
        private Handler handler;
        private BatchHandler batchHandler;
        private Listener listener = new Listener() {};
        String bootstrapServers;
        Inbox inbox;
        EventCodec codec;
        OutboxMetrics metrics;
        int maxAttempts;
        Duration backoff;

        Builder(String name, InboxConsumers owner) {
            if (name == null || !name.matches("[a-zA-Z0-9._-]{1,200}")) {
                throw new IllegalArgumentException("consumer name must be 1-200 of [a-zA-Z0-9._-], was " + name);
            }
            this.name = name;
            this.owner = owner;
        }

        public Builder topics(String... names) {
            topics.addAll(List.of(names));
            return this;
        }

        public Builder handler(Handler h) {
            this.handler = Objects.requireNonNull(h, "handler");
            return this;
        }

        /** Batch mode instead of {@link #handler}: see the class comment. */
        public Builder batchHandler(BatchHandler h) {
            this.batchHandler = Objects.requireNonNull(h, "batchHandler");
            return this;
        }

        public Builder listener(Listener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /** A Kafka consumer property for this consumer (group id, auto-commit and isolation level are fixed). */
        public Builder property(String key, Object value) {
            properties.put(key, value);
            return this;
        }

        Builder properties(Map<String, String> more) {
            properties.putAll(more);
            return this;
        }

        public Builder maxAttempts(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1");
            }
            this.maxAttempts = n;
            return this;
        }

        public Builder backoff(Duration d) {
            this.backoff = Objects.requireNonNull(d, "backoff");
            return this;
        }

        /** Starts the loop on a thread of its own; it runs until {@link InboxConsumer#close()} or shutdown. */
        public InboxConsumer start() {
            if (topics.isEmpty() || (handler == null) == (batchHandler == null)) {
                throw new IllegalStateException(
                        "an inbox consumer needs topics and either a handler or a batch handler");
            }
            return owner.started(this);
        }
    }
}
