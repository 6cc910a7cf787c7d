package dev.verdict.testing;

import static org.awaitility.Awaitility.await;

import dev.verdict.runtime.kafka.TopicScan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from the beginning, the way an auditor would: a plain consumer without a group (all partitions
 * assigned, {@code seekToBeginning}), {@code read_committed}, polled on the calling thread. Keys are strings, values
 * raw bytes; callers decode them with the codec they need. Immutable; each setter returns a copy.
 *
 * <pre>{@code
 * List<ConsumerRecord<String, byte[]>> mine = TopicReader.of(bootstrap, topic)
 *         .key(ref)
 *         .settle(Duration.ofSeconds(2))
 *         .read(3);
 * assertThat(mine).hasSize(3); // exactly 3: a 4th within the settle period would be in the list
 * }</pre>
 *
 * <p>Why a settle period: {@link #read(int)} polls until {@code expected} matching records arrived (failing after
 * the {@link #timeout(Duration) timeout}), which proves nothing is missing but not that nothing more comes: a
 * duplicate or an unexpected extra record (a redelivery, a late retry) may still be on its way. So it then keeps
 * polling for the {@link #settle(Duration) settle} period; a test asserting "exactly N" needs one, a test that only
 * waits for records to be there does not.
 */
public final class TopicReader {

    /** How long {@link #read} waits for the expected records unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final String topic;
    private final Predicate<ConsumerRecord<String, byte[]>> filter;
    private final Duration timeout;
    private final Duration settle;

    private TopicReader(
            String bootstrapServers,
            String topic,
            Predicate<ConsumerRecord<String, byte[]>> filter,
            Duration timeout,
            Duration settle) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.filter = filter;
        this.timeout = timeout;
        this.settle = settle;
    }

    /** What {@link #everyRecord} hands over: the topic, the key and the value as UTF-8 (null stays null). */
    @FunctionalInterface
    public interface RecordVisitor {
        void visit(String topic, String key, String value);
    }

    /**
     * Every record on every topic of the broker except its internal ones ({@code __*}), from the beginning up to
     * the end offsets at the time of the call, with no consumer group (nothing is committed).
     */
    public static void everyRecord(String bootstrapServers, RecordVisitor visitor) {
        // aborted transactions too: a scan for leaked text must see every byte the broker holds
        TopicScan.everyRecord(
                bootstrapServers, null, false, r -> visitor.visit(r.topic(), utf8(r.key()), utf8(r.value())));
    }

    private static String utf8(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Every record of {@code topic}; waits up to {@link #DEFAULT_TIMEOUT}, no settle period. */
    public static TopicReader of(String bootstrapServers, String topic) {
        return new TopicReader(
                Objects.requireNonNull(bootstrapServers, "bootstrapServers"),
                Objects.requireNonNull(topic, "topic"),
                r -> true,
                DEFAULT_TIMEOUT,
                Duration.ZERO);
    }

    /** Only records matching {@code filter} (and any filter set before) are counted and returned. */
    public TopicReader filter(Predicate<? super ConsumerRecord<String, byte[]>> filter) {
        Objects.requireNonNull(filter, "filter");
        Predicate<ConsumerRecord<String, byte[]>> before = this.filter;
        return new TopicReader(bootstrapServers, topic, r -> before.test(r) && filter.test(r), timeout, settle);
    }

    /** Only records with this key. */
    public TopicReader key(String key) {
        Objects.requireNonNull(key, "key");
        return filter(r -> key.equals(r.key()));
    }

    /** How long to wait for the expected records before failing (the settle period comes on top). */
    public TopicReader timeout(Duration timeout) {
        return new TopicReader(bootstrapServers, topic, filter, requireNotNegative(timeout, "timeout"), settle);
    }

    /**
     * How long to keep reading once the expected records arrived, so that records beyond them would show; zero (the
     * default) returns as soon as the count is reached.
     */
    public TopicReader settle(Duration settle) {
        return new TopicReader(bootstrapServers, topic, filter, timeout, requireNotNegative(settle, "settle"));
    }

    /**
     * The matching records: polls until at least {@code expected} arrived (failing with Awaitility's
     * {@code ConditionTimeoutException} after the timeout), then for the settle period. Per partition in offset order;
     * with several partitions their records interleave as the polls returned them. The list may hold more than
     * {@code expected}: asserting the exact size is the caller's.
     */
    public List<ConsumerRecord<String, byte[]>> read(int expected) {
        if (expected < 0) {
            throw new IllegalArgumentException("expected must not be negative: " + expected);
        }
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                2000);
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            // during: once expected arrived the condition keeps holding (received only grows), so reading goes on for
            // settle. The consumer is not thread-safe: it is polled on this thread.
            await("reading " + topic)
                    .atMost(timeout.plus(settle))
                    .during(settle)
                    .pollInterval(Duration.ZERO)
                    .pollInSameThread()
                    .untilAsserted(() -> {
                        if (consumer.assignment().isEmpty() && !assignAll(consumer)) {
                            Thread.sleep(POLL.toMillis()); // the topic is not there yet
                        } else {
                            for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                                if (filter.test(r)) {
                                    received.add(r);
                                }
                            }
                        }
                        if (received.size() < expected) {
                            throw new AssertionError("expected at least " + expected + " matching records on " + topic
                                    + ", got " + received.size());
                        }
                    });
        }
        return received;
    }

    /** Assigns every partition of the topic from its beginning; false if the topic has none (yet). */
    private boolean assignAll(KafkaConsumer<String, byte[]> consumer) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        if (partitions.isEmpty()) {
            return false;
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return true;
    }

    private static Duration requireNotNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
        return d;
    }
}
