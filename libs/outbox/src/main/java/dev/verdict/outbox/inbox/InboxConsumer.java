package dev.verdict.outbox.inbox;

import dev.verdict.events.EventCodec;
import dev.verdict.events.EventFormatException;
import dev.verdict.events.VerdictEvent;
import dev.verdict.outbox.OutboxMetrics;
import io.quarkus.narayana.jta.QuarkusTransaction;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

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
 * Build with {@link InboxConsumers#consumer(String)}.
 */
public final class InboxConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InboxConsumer.class);

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
        default void processed(VerdictEvent<?> event, Delivery delivery, boolean applied) {
        }

        default void parked(Delivery delivery, String reason) {
        }
    }

    /** Where a record came from. */
    public record Delivery(String topic, int partition, long offset, String key) {
    }

    private final String name;
    private final List<String> topics;
    private final Handler handler;
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
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, name + "-" + (++generation));
            try (Consumer<String, byte[]> consumer =
                         new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
                current = consumer;
                consumer.subscribe(topics);
                while (running) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                    Map<TopicPartition, OffsetAndMetadata> done = new LinkedHashMap<>();
                    for (ConsumerRecord<String, byte[]> record : records) {
                        if (!running || !process(record)) {
                            break;
                        }
                        done.put(new TopicPartition(record.topic(), record.partition()),
                                new OffsetAndMetadata(record.offset() + 1));
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
                    LOG.warnf("inbox consumer %s crashed (%s); a new consumer re-reads from the last committed offset",
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
            LOG.errorf("inbox consumer %s parks %s-%d@%d: %s", name, record.topic(), record.partition(),
                    record.offset(), e.getMessage());
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
                    LOG.errorf(e, "inbox consumer %s parks event %s after %d failed attempts", name, event.id(), attempt);
                    park(record, delivery, event.id().toString(), event.type(), "HANDLER_FAILED", describe(e));
                    return true;
                }
                LOG.warnf("inbox consumer %s: event %s failed (attempt %d of %d): %s", name, event.id(), attempt,
                        maxAttempts, describe(e));
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

    private void park(ConsumerRecord<String, byte[]> record, Delivery delivery, String eventId, String eventType,
                      String reason, String error) {
        inbox.park(new Inbox.ParkedMessage(name, record.topic(), record.partition(), record.offset(), record.key(),
                eventId, eventType, reason, error, record.value()));
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
        private Listener listener = new Listener() { };
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
            if (topics.isEmpty() || handler == null) {
                throw new IllegalStateException("an inbox consumer needs topics and a handler");
            }
            return owner.started(this);
        }
    }
}
