package dev.verdict.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.events.EventCodec;
import dev.verdict.events.VerdictEvent;
import dev.verdict.outbox.app.OrderPlaced;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic from the beginning with a plain consumer (no group), the way an auditor would. */
final class TopicReader {

    record Received(String key, int partition, long offset, VerdictEvent<?> event) {
        OrderPlaced order() {
            return event.dataAs(OrderPlaced.TYPE).orElseThrow();
        }

        UUID id() {
            return event.id();
        }
    }

    private TopicReader() {}

    /**
     * Everything on {@code topic}: polls until {@code expected} records arrived (failing after {@code timeout}), then
     * keeps polling {@code settle} longer so that duplicates beyond {@code expected} would show.
     */
    static List<Received> read(
            String bootstrap, EventCodec codec, String topic, int expected, Duration timeout, Duration settle) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                2000);
        List<Received> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // during: once expected arrived the condition keeps holding (received only grows), so reading goes on for
            // settle. The consumer is not thread-safe: it is polled on this thread.
            await().atMost(timeout.plus(settle))
                    .during(settle)
                    .pollInterval(Duration.ZERO)
                    .pollInSameThread()
                    .untilAsserted(() -> {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                            received.add(new Received(r.key(), r.partition(), r.offset(), codec.decode(r.value())));
                        }
                        assertThat(received.size()).as("records on %s", topic).isGreaterThanOrEqualTo(expected);
                    });
        }
        return received;
    }

    /** Per key, the {@code seq} values in the order the key's records appear on the topic. */
    static Map<String, List<Integer>> seqsByKey(List<Received> received) {
        Map<String, List<Integer>> byKey = new LinkedHashMap<>();
        // Records of one key share a partition, and a partition's records come in offset order.
        for (Received r : received) {
            byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.order().seq());
        }
        return byKey;
    }
}
