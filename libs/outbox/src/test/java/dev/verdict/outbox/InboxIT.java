package dev.verdict.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.events.EventCodec;
import dev.verdict.events.EventType;
import dev.verdict.events.EventTypeRegistry;
import dev.verdict.events.VerdictEvent;
import dev.verdict.outbox.app.EffectStore;
import dev.verdict.outbox.app.OrderPlaced;
import dev.verdict.outbox.app.OrderService;
import dev.verdict.outbox.inbox.InboxConsumer;
import dev.verdict.outbox.inbox.InboxConsumers;
import dev.verdict.testing.PostgresKafkaResource;
import dev.verdict.testing.PostgresResource;
import dev.verdict.testing.TestKafka;
import dev.verdict.testing.TopicReader;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** Consumers through the inbox: effects applied exactly once across broker outages and consumer crashes. */
@QuarkusTest
@WithTestResource(
        value = PostgresKafkaResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_ARG, value = "outbox_it"))
class InboxIT {

    private static final Logger LOG = Logger.getLogger(InboxIT.class);

    @Inject
    OrderService orders;

    @Inject
    EffectStore effects;

    @Inject
    InboxConsumers consumers;

    @Inject
    EventCodec codec;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void brokerStoppedMidRelayAndRestartedEveryEventIsAppliedExactlyOnce() throws Exception {
        String topic = "inbox-it-outage";
        String name = "it-outage";
        TestKafka kafka = PostgresKafkaResource.kafka();
        kafka.createTopic(topic, 3);
        InboxConsumer consumer = consumers
                .consumer(name)
                .topics(topic)
                .handler((event, delivery) -> effects.apply(name, event))
                .start();
        List<String> keys = IntStream.range(0, 20).mapToObj(i -> "outage-" + i).toList();
        ConcurrentLinkedQueue<VerdictEvent<OrderPlaced>> published = new ConcurrentLinkedQueue<>();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            // The business keeps writing throughout: the outbox does not need Kafka to commit.
            Future<?> writing = writer.submit(() -> {
                for (int t = 0; t < 400; t++) {
                    List<String> txKeys = IntStream.range(0, 5)
                            .mapToObj(i -> keys.get((int) (Math.random() * keys.size())))
                            .sorted()
                            .toList();
                    published.addAll(orders.place(topic, txKeys, "outage"));
                    sleep(5);
                }
                return null;
            });
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(effects(name))
                            .as("some effects before the outage")
                            .isGreaterThanOrEqualTo(200));
            long stopMillis = kafka.stop();
            long writtenAtStop = published.size();
            try {
                // Longer than the relay's send timeout (3 s), so batches fail and are retried.
                sleep(5_000);
                assertThat(published.size())
                        .as("transactions committed while Kafka was down")
                        .isGreaterThan((int) writtenAtStop);
                assertThat(count("select count(*) from verdict_outbox where topic = ? and attempts > 0", topic))
                        .as("rows whose sending failed at least once")
                        .isPositive();
                assertThat(count("select count(*) from verdict_outbox where topic = ? and sent_at is null", topic))
                        .as("rows waiting for Kafka")
                        .isPositive();
            } finally {
                long startMillis = kafka.start();
                LOG.infof("Kafka stopped in %d ms, restarted in %d ms", stopMillis, startMillis);
            }
            writing.get();
            assertThat(published).hasSize(2_000);

            await().atMost(Duration.ofSeconds(120))
                    .untilAsserted(
                            () -> assertThat(effects(name)).as("every effect").isGreaterThanOrEqualTo(2_000));
            sleep(1_000); // a late duplicate would show now
            assertEffectsExactlyOnceInOrder(name, new ArrayList<>(published));
            assertThat(count("select count(*) from verdict_outbox where topic = ? and sent_at is null", topic))
                    .isZero();
            assertThat(count("select count(*) from verdict_inbox_dead where consumer = ?", name))
                    .isZero();

            long onTopic = TopicReader.of(bootstrap, topic)
                    .settle(Duration.ofSeconds(1))
                    .read(2_000)
                    .size();
            LOG.infof(
                    "outage test: %d events, %d records on the topic (%d resent after the outage)",
                    published.size(), onTopic, onTopic - published.size());
        } finally {
            writer.shutdownNow();
            consumer.close();
            if (!kafka.isRunning()) {
                kafka.start();
            }
        }
    }

    @Test
    void aConsumerKilledBetweenItsEffectAndItsOffsetCommitAppliesTheEffectOnce() throws Exception {
        String topic = "inbox-it-crash";
        String name = "it-crash";
        PostgresKafkaResource.kafka().createTopic(topic, 1);
        List<VerdictEvent<OrderPlaced>> published = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            published.addAll(orders.place(
                    topic,
                    List.of(
                            "crash-a", "crash-a", "crash-b", "crash-b", "crash-c", "crash-c", "crash-d", "crash-d",
                            "crash-e", "crash-e"),
                    "crash"));
        }
        // Let the relay put all 100 on the topic first, so the first poll holds the crash point.
        TopicReader.of(bootstrap, topic).timeout(Duration.ofSeconds(60)).read(100);

        AtomicBoolean crashed = new AtomicBoolean();
        AtomicInteger skipped = new AtomicInteger();
        InboxConsumer.Listener crashOnce = new InboxConsumer.Listener() {
            @Override
            public void processed(VerdictEvent<?> event, InboxConsumer.Delivery delivery, boolean applied) {
                if (!applied) {
                    skipped.incrementAndGet();
                }
                // The effect's transaction has committed; the offset has not: die here, once.
                if (applied && delivery.offset() == 49 && crashed.compareAndSet(false, true)) {
                    throw new IllegalStateException("simulated crash after the effect, before the offset commit");
                }
            }
        };
        InboxConsumer consumer = consumers
                .consumer(name)
                .topics(topic)
                .listener(crashOnce)
                .handler((event, delivery) -> effects.apply(name, event))
                .start();
        try {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () -> assertThat(effects(name)).as("every effect").isGreaterThanOrEqualTo(100));
            sleep(1_000);
            assertThat(crashed).isTrue();
            assertThat(consumer.generation())
                    .as("a new Kafka consumer took over")
                    .isGreaterThanOrEqualTo(2);
            assertThat(skipped.get())
                    .as("re-read records the inbox skipped (at least the one at the crash)")
                    .isPositive();
            assertEffectsExactlyOnceInOrder(name, published);
        } finally {
            consumer.close();
        }
    }

    @Test
    void unreadableAndFailingMessagesAreParkedAndThePartitionMovesOn() throws Exception {
        String topic = "inbox-it-poison";
        String name = "it-poison";
        PostgresKafkaResource.kafka().createTopic(topic, 1);
        // A producer from the future: it knows a v2 of the test event that this consumer does not.
        EventType<OrderPlaced> v2 = EventType.of("dev.verdict.outboxtest.order-placed.v2", OrderPlaced.class);
        EventCodec future = new EventCodec(EventTypeRegistry.of(v2));
        VerdictEvent<OrderPlaced> first =
                VerdictEvent.create(OrderPlaced.TYPE, "outbox-test", "poison", new OrderPlaced("poison", 1, ""));
        VerdictEvent<OrderPlaced> fromTheFuture =
                VerdictEvent.create(v2, "outbox-test", "poison", new OrderPlaced("poison", 2, ""));
        VerdictEvent<OrderPlaced> failing =
                VerdictEvent.create(OrderPlaced.TYPE, "outbox-test", "poison", new OrderPlaced("poison", 3, "fail"));
        VerdictEvent<OrderPlaced> last =
                VerdictEvent.create(OrderPlaced.TYPE, "outbox-test", "poison", new OrderPlaced("poison", 4, ""));
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topic, "poison", codec.encode(first)));
            p.send(new ProducerRecord<>(
                    topic, "poison", "{\"specversion\": \"1.0\", oops".getBytes(StandardCharsets.UTF_8)));
            p.send(new ProducerRecord<>(topic, "poison", future.encode(fromTheFuture)));
            p.send(new ProducerRecord<>(topic, "poison", codec.encode(failing)));
            p.send(new ProducerRecord<>(topic, "poison", codec.encode(last)));
            p.flush();
        }
        AtomicInteger handlerCalls = new AtomicInteger();
        InboxConsumer consumer = consumers
                .consumer(name)
                .topics(topic)
                .handler((event, delivery) -> {
                    handlerCalls.incrementAndGet();
                    effects.apply(name, event);
                    if ("fail"
                            .equals(event.dataAs(OrderPlaced.TYPE).orElseThrow().note())) {
                        throw new IllegalStateException(
                                "handler bug"); // rolls back the effect above and the inbox record
                    }
                })
                .start();
        try {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(effects(name))
                            .as("the last event applied")
                            .isGreaterThanOrEqualTo(2));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () -> assertThat(count("select count(*) from verdict_inbox_dead where consumer = ?", name))
                                    .as("three messages parked")
                                    .isGreaterThanOrEqualTo(3));
            sleep(500);
            assertThat(effectEventIds(name)).containsExactly(first.id(), last.id());
            Map<Long, String> reasons = new HashMap<>();
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "select kafka_offset, reason, event_id, payload is not null from verdict_inbox_dead where consumer = ? "
                                    + "order by kafka_offset")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        reasons.put(rs.getLong(1), rs.getString(2));
                        assertThat(rs.getBoolean(4))
                                .as("payload kept for inspection")
                                .isTrue();
                        if (rs.getLong(1) == 3) {
                            assertThat(rs.getString(3)).isEqualTo(failing.id().toString());
                        }
                    }
                }
            }
            assertThat(reasons).isEqualTo(Map.of(1L, "MALFORMED_JSON", 2L, "UNKNOWN_VERSION", 3L, "HANDLER_FAILED"));
            assertThat(handlerCalls.get())
                    .as("1 + 3 attempts of the failing one + 1")
                    .isEqualTo(5);
            assertThat(count(
                            "select count(*) from verdict_inbox where consumer = ? and event_id = '" + failing.id()
                                    + "'",
                            name))
                    .as("no inbox record for the parked event")
                    .isZero();
        } finally {
            consumer.close();
        }
    }

    /** Each published event has exactly one effect, and each key's effects were applied as seq 1, 2, 3... */
    private void assertEffectsExactlyOnceInOrder(String consumer, List<VerdictEvent<OrderPlaced>> published)
            throws Exception {
        Map<UUID, Integer> timesApplied = new HashMap<>();
        Map<String, List<Integer>> seqsByKey = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select event_id, order_key, seq from test_effect where consumer = ? order by id")) {
            ps.setString(1, consumer);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    timesApplied.merge(rs.getObject(1, UUID.class), 1, Integer::sum);
                    seqsByKey
                            .computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                            .add(rs.getInt(3));
                }
            }
        }
        Set<UUID> publishedIds = published.stream().map(VerdictEvent::id).collect(Collectors.toSet());
        assertThat(timesApplied.keySet()).isEqualTo(publishedIds);
        assertThat(timesApplied.values()).as("effects per event").containsOnly(1);
        Map<String, Long> perKey =
                published.stream().collect(Collectors.groupingBy(e -> e.data().key(), Collectors.counting()));
        seqsByKey.forEach((key, seqs) -> assertThat(seqs)
                .as("effect order of %s", key)
                .isEqualTo(IntStream.rangeClosed(1, perKey.get(key).intValue())
                        .boxed()
                        .toList()));
    }

    private long effects(String consumer) {
        return count("select count(*) from test_effect where consumer = ?", consumer);
    }

    private List<UUID> effectEventIds(String consumer) throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select event_id from test_effect where consumer = ? order by id")) {
            ps.setString(1, consumer);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    private long count(String sql, Object param) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
