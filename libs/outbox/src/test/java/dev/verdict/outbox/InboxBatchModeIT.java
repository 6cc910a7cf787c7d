package dev.verdict.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.events.EventCodec;
import dev.verdict.events.VerdictEvent;
import dev.verdict.outbox.app.EffectStore;
import dev.verdict.outbox.app.OrderPlaced;
import dev.verdict.outbox.inbox.InboxConsumer;
import dev.verdict.outbox.inbox.InboxConsumer.Received;
import dev.verdict.outbox.inbox.InboxConsumer.Refusal;
import dev.verdict.outbox.inbox.InboxConsumers;
import dev.verdict.testing.PostgresKafkaResource;
import dev.verdict.testing.PostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The one consumer path's batch mode, as evidence ingest uses it: a poll reaches the handler in one call and one
 * transaction; what it refuses, what cannot be decoded and a record that fails even alone are parked with their
 * reasons; the rest is applied once, and a restarted consumer does not see the batch again.
 */
@QuarkusTest
@WithTestResource(
        value = PostgresKafkaResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_ARG, value = "outbox_it"))
class InboxBatchModeIT {

    @Inject
    InboxConsumers consumers;

    @Inject
    EffectStore effects;

    @Inject
    EventCodec codec;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aPollIsOneCallRefusedUndecodableAndFailingRecordsAreParkedAndTheRestAppliedOnce() throws Exception {
        String topic = "inbox-batch-mode";
        String name = "it-batch-mode";
        PostgresKafkaResource.kafka().createTopic(topic, 1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            for (int seq = 0; seq < 10; seq++) {
                VerdictEvent<OrderPlaced> e = VerdictEvent.create(
                        OrderPlaced.TYPE, "outbox-test", "order", new OrderPlaced("k", seq, "batch"));
                producer.send(new ProducerRecord<>(topic, "k", codec.encode(e))).get();
            }
            producer.send(new ProducerRecord<>(topic, "k", "{not json".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        List<Integer> wholeBatches = new CopyOnWriteArrayList<>();
        InboxConsumer consumer = consumers
                .consumer(name)
                .topics(topic)
                .batchHandler((batch, whole) -> {
                    if (whole) {
                        wholeBatches.add(batch.size());
                    }
                    List<Refusal> refused = new ArrayList<>();
                    for (Received r : batch) {
                        int seq =
                                r.event().dataAs(OrderPlaced.TYPE).orElseThrow().seq();
                        if (seq == 7) {
                            throw new IllegalStateException("order 7 always fails");
                        }
                        if (seq == 3) {
                            refused.add(new Refusal(r, "INVALID_ORDER", "order 3 is refused"));
                        } else if (!applied(name, r)) { // the handler's own dedupe: its effect rows
                            effects.apply(name, r.event());
                        }
                    }
                    return refused;
                })
                .start();
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> count("select count(*) from verdict_inbox_dead" + " where consumer = ?", name) == 3);
            assertThat(count("select count(*) from test_effect where consumer = ?", name))
                    .as("orders 0-9 but the refused 3 and the failing 7")
                    .isEqualTo(8);
            assertThat(count("select count(distinct event_id) from test_effect where consumer = ?", name))
                    .isEqualTo(8);
            assertThat(reasons(name)).containsExactlyInAnyOrder("INVALID_ORDER", "HANDLER_FAILED", "MALFORMED_JSON");
            assertThat(wholeBatches)
                    .as("sizes of the polls handed over whole")
                    .isNotEmpty()
                    .anyMatch(size -> size > 1);
        } finally {
            consumer.close();
        }

        AtomicInteger seenAfterRestart = new AtomicInteger();
        InboxConsumer again = consumers
                .consumer(name)
                .topics(topic)
                .batchHandler((batch, whole) -> {
                    seenAfterRestart.addAndGet(batch.size());
                    return List.of();
                })
                .start();
        try {
            Thread.sleep(3_000); // a quiet period: a batch whose offsets were not committed would arrive now
            assertThat(seenAfterRestart)
                    .as("records redelivered after the restart")
                    .hasValue(0);
            assertThat(count("select count(*) from verdict_inbox_dead where consumer = ?", name))
                    .isEqualTo(3);
        } finally {
            again.close();
        }
    }

    private boolean applied(String consumer, Received r) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select 1 from test_effect where consumer = ? and event_id = ?")) {
            ps.setString(1, consumer);
            ps.setObject(2, r.event().id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private long count(String sql, String consumer) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, consumer);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<String> reasons(String consumer) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select reason from verdict_inbox_dead where consumer = ?")) {
            ps.setString(1, consumer);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
