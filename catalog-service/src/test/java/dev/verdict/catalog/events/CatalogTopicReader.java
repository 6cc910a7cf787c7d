package dev.verdict.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.events.EventCodec;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.catalog.CatalogEvents;
import dev.verdict.testing.PostgresKafkaResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the catalog topic of the test broker from the beginning with a fresh consumer group, decoding the events of
 * one entity: what tests use to check what the outbox really published.
 */
public final class CatalogTopicReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventCodec codec = EventCodec.platform();

    public CatalogTopicReader() {
        Properties p = new Properties();
        p.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                PostgresKafkaResource.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "catalog-topic-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false"));
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(CatalogEvents.TOPIC));
    }

    /**
     * The events keyed by {@code ref}, in topic order: polls until {@code expected} arrived (fails after 30 s), then
     * for {@code settle} more, so an unexpected extra event shows up in the list instead of passing unseen.
     */
    public List<VerdictEvent<?>> eventsFor(String ref, int expected, Duration settle) {
        List<VerdictEvent<?>> mine = new ArrayList<>();
        // The consumer is not thread-safe: it is polled on this thread.
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ZERO)
                .pollInSameThread()
                .untilAsserted(() -> {
                    collect(ref, Duration.ofMillis(500), mine);
                    assertThat(mine).as("events keyed %s", ref).hasSizeGreaterThanOrEqualTo(expected);
                });
        if (!settle.isZero()) {
            collect(ref, settle, mine);
        }
        return mine;
    }

    private void collect(String ref, Duration poll, List<VerdictEvent<?>> into) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(poll)) {
            if (ref.equals(r.key())) {
                into.add(codec.decode(r.value()));
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
