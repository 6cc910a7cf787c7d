package dev.verdict.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.outbox.relay.RelayEngine;
import dev.verdict.outbox.schema.OutboxSchema;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** Plain JUnit: the parts of the outbox that need neither PostgreSQL nor Kafka. */
class OutboxUnitTest {

    @Test
    void everyMigrationScriptIsListed() throws Exception {
        URL dir = OutboxSchema.class.getClassLoader().getResource(OutboxSchema.LOCATION);
        assertThat(dir).isNotNull();
        Set<String> files = new HashSet<>();
        try (Stream<Path> s = Files.list(Path.of(dir.toURI()))) {
            s.forEach(p -> files.add(p.getFileName().toString()));
        }
        assertThat(files).containsExactlyInAnyOrderElementsOf(OutboxSchema.SCRIPTS);
    }

    @Test
    void aKeyAlwaysMapsToTheSameLaneAndKeysSpreadOverAllLanes() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        assertThat(OutboxLanes.of("component:default/payments", a))
                .isEqualTo(OutboxLanes.of("component:default/payments", b));
        // Pinned values: the lane is stored in rows, so the function must never change between releases.
        assertThat(OutboxLanes.of("component:default/payments", a)).isEqualTo(11);
        assertThat(OutboxLanes.of("a", a)).isEqualTo(12);
        assertThat(OutboxLanes.of("b", a)).isEqualTo(4);
        Set<Integer> lanes = new HashSet<>();
        IntStream.range(0, 1000).forEach(i -> lanes.add(OutboxLanes.of("key-" + i, a)));
        assertThat(lanes).hasSize(OutboxLanes.COUNT);
        assertThat(lanes).allMatch(l -> l >= 0 && l < OutboxLanes.COUNT);
    }

    @Test
    void keylessEventsSpreadByEventId() {
        Set<Integer> lanes = new HashSet<>();
        IntStream.range(0, 500).forEach(i -> lanes.add(OutboxLanes.of(null, UUID.randomUUID())));
        assertThat(lanes.size()).isGreaterThan(10);
    }

    @Test
    void orderingAndDurabilitySettingsCannotBeOverridden() {
        Map<String, Object> config = RelayEngine.producerConfig(
                "127.0.0.1:1",
                Duration.ofSeconds(10),
                Map.of(
                        "acks",
                        "1",
                        "enable.idempotence",
                        "false",
                        "max.in.flight.requests.per.connection",
                        "50",
                        "linger.ms",
                        "20",
                        "compression.type",
                        "lz4"));
        assertThat(config)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000L)
                .containsEntry("linger.ms", "20")
                .containsEntry("compression.type", "lz4");
        int request = (Integer) config.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        // Kafka refuses delivery.timeout.ms < linger.ms + request.timeout.ms
        assertThat(request + 20).isLessThanOrEqualTo(10_000);
    }
}
