package dev.verdict.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.verdict.events.EventCodec;
import dev.verdict.events.VerdictEvent;
import dev.verdict.outbox.app.OrderPlaced;
import dev.verdict.outbox.app.OrderService;
import dev.verdict.outbox.relay.OutboxRelay;
import dev.verdict.outbox.relay.RelayEngine;
import dev.verdict.outbox.schema.OutboxSchema;
import dev.verdict.persistence.Jdbc;
import dev.verdict.testing.PostgresKafkaResource;
import dev.verdict.testing.PostgresResource;
import dev.verdict.testing.TopicReader;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The outbox end to end: business transactions in a Quarkus app, the relay, a real Kafka broker, a real PostgreSQL. */
@QuarkusTest
@WithTestResource(
        value = PostgresKafkaResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_ARG, value = "outbox_it"))
class OutboxIT {

    @Inject
    OrderService orders;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    EventCodec codec;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void tenThousandEventsFromBusinessTransactionsArriveExactlyOnceAndInOrderPerKey() throws Exception {
        String topic = "outbox-it-exactly-once";
        PostgresKafkaResource.kafka().createTopic(topic, 6);
        List<String> keys =
                IntStream.range(0, 40).mapToObj(i -> "exactly-once-" + i).toList();

        // 4 writers x 250 transactions x 10 events; keys collide across writers, the counter row serializes them.
        List<VerdictEvent<OrderPlaced>> published = write(topic, keys, 4, 250, 10);
        assertThat(published).hasSize(10_000);

        List<Received> received = read(topic, 10_000, Duration.ofSeconds(120), Duration.ofSeconds(2));

        assertThat(received).hasSize(10_000);
        assertThat(received.stream().map(Received::id).collect(Collectors.toSet()))
                .isEqualTo(published.stream().map(VerdictEvent::id).collect(Collectors.toSet()));
        assertInOrderPerKey(received, published);
        assertThat(received)
                .allSatisfy(r -> assertThat(r.key()).isEqualTo(r.event().subject()));
        awaitNothingPending(topic);
    }

    @Test
    void aRolledBackTransactionSendsNothing() throws Exception {
        String topic = "outbox-it-rollback";
        PostgresKafkaResource.kafka().createTopic(topic, 1);
        List<VerdictEvent<OrderPlaced>> attempted = new ArrayList<>();

        assertThatThrownBy(() -> orders.placeThenFail(topic, List.of("rollback-a", "rollback-b"), attempted))
                .isInstanceOf(IllegalStateException.class);
        assertThat(attempted).hasSize(2); // publish was called, inside the doomed transaction
        for (VerdictEvent<OrderPlaced> e : attempted) {
            assertThat(count("select count(*) from verdict_outbox where event_id = ?", e.id()))
                    .isZero();
        }

        // A committed event for the same key afterwards: it is the only record on the topic.
        VerdictEvent<OrderPlaced> committed =
                orders.place(topic, List.of("rollback-a"), "kept").get(0);
        List<Received> received = read(topic, 1, Duration.ofSeconds(60), Duration.ofSeconds(2));
        assertThat(received).extracting(Received::id).containsExactly(committed.id());
        assertThat(received.get(0).order().seq())
                .as("the rolled-back counter update is gone too")
                .isEqualTo(1);
    }

    @Test
    void publishingOutsideATransactionIsRefused() {
        VerdictEvent<OrderPlaced> event =
                VerdictEvent.create(OrderPlaced.TYPE, "outbox-test", "k", new OrderPlaced("k", 1, ""));
        assertThatThrownBy(() -> outbox.publish("outbox-it-none", "k", event))
                .isInstanceOf(TransactionalException.class);
        assertThat(count("select count(*) from verdict_outbox where event_id = ?", event.id()))
                .isZero();
    }

    @Test
    void severalRelaysAtOnceKeepPerKeyOrder() throws Exception {
        String topic = "outbox-it-replicas";
        PostgresKafkaResource.kafka().createTopic(topic, 3);
        // Three more relays, as other replicas would run them, with tiny batches to maximise interleaving; with the
        // app's own relay that is 8 workers competing for the lanes of only 6 keys.
        AtomicLong sentByOthers = new AtomicLong();
        RelayEngine.Listener counting = new RelayEngine.Listener() {
            @Override
            public void sent(int rows) {
                sentByOthers.addAndGet(rows);
            }
        };
        RelayEngine.Settings small = new RelayEngine.Settings(
                2,
                7,
                Duration.ofMillis(10),
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Duration.ofSeconds(3),
                Duration.ofHours(1),
                Duration.ofHours(1),
                3,
                Duration.ofDays(1));
        List<RelayEngine> replicas = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RelayEngine r = new RelayEngine(
                        new Jdbc(dataSource),
                        RelayEngine.producerConfig(bootstrap, Duration.ofSeconds(3), Map.of()),
                        small,
                        counting,
                        "replica-" + i);
                r.start();
                replicas.add(r);
            }
            List<String> keys =
                    IntStream.range(0, 6).mapToObj(i -> "replicas-" + i).toList();
            List<VerdictEvent<OrderPlaced>> published = write(topic, keys, 3, 400, 3);

            List<Received> received = read(topic, published.size(), Duration.ofSeconds(120), Duration.ofSeconds(2));
            assertThat(received).hasSize(published.size());
            assertThat(received.stream().map(Received::id).distinct().count()).isEqualTo(published.size());
            assertInOrderPerKey(received, published);
            assertThat(sentByOthers.get())
                    .as("the other replicas did relay a share")
                    .isPositive();
            awaitNothingPending(topic);
            // The extra relays keep sent rows (retention 1h, marked); the app's relay deletes them on send.
            assertThat(count("select count(*) from verdict_outbox where topic = ? and sent_at is not null", topic))
                    .isEqualTo(sentByOthers.get());
        } finally {
            replicas.forEach(RelayEngine::close);
        }
    }

    @Test
    void aRowKafkaRejectsIsParkedAfterMaxAttemptsAndItsLaneMovesOn() throws Exception {
        String topic = "outbox-it-too-large";
        PostgresKafkaResource.kafka().createTopic(topic, 1);
        String huge = "x".repeat(1_200_000); // above the producer's max.request.size (1 MiB)
        VerdictEvent<OrderPlaced> tooLarge =
                orders.place(topic, List.of("too-large"), huge).get(0);
        VerdictEvent<OrderPlaced> next =
                orders.place(topic, List.of("too-large"), "small").get(0);

        List<Received> received = read(topic, 1, Duration.ofSeconds(60), Duration.ofSeconds(1));
        assertThat(received).extracting(Received::id).containsExactly(next.id());
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select attempts, parked_at is not null, sent_at, last_error from verdict_outbox where event_id = ?")) {
            ps.setObject(1, tooLarge.id());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(3); // verdict.outbox.max-attempts in the test config
                assertThat(rs.getBoolean(2)).isTrue();
                assertThat(rs.getObject(3)).isNull();
                assertThat(rs.getString(4)).contains("RecordTooLargeException");
            }
        }
    }

    @Test
    void metricsCountSentRowsAndShowThePendingGauge() throws Exception {
        String topic = "outbox-it-metrics";
        PostgresKafkaResource.kafka().createTopic(topic, 1);
        double before = sentCounter();
        orders.place(topic, List.of("metrics-a", "metrics-b", "metrics-c"), "m");
        read(topic, 3, Duration.ofSeconds(60), Duration.ZERO);
        awaitNothingPending(topic);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(sentCounter()).isGreaterThanOrEqualTo(before + 3));
        assertThat(meters.get("verdict.outbox.pending").gauge().value()).isGreaterThanOrEqualTo(0);
    }

    private double sentCounter() {
        var counter = meters.find("verdict.outbox.sent").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void ourSchemaHasItsOwnFlywayHistoryNextToTheServices() throws Exception {
        // The service's Flyway ran first (Quarkus migrate-at-start), so ours found a non-empty schema: baseline 0, then
        // V1.
        assertThat(strings("select version from flyway_schema_history where success order by installed_rank"))
                .containsExactly("1");
        assertThat(strings(
                        "select version from " + OutboxSchema.HISTORY_TABLE + " where success order by installed_rank"))
                .containsExactly("0", "1");
        assertThat(OutboxSchema.migrate(dataSource).migrationsExecuted).isZero();
        assertThat(relay.isRunning()).isTrue();
    }

    private List<VerdictEvent<OrderPlaced>> write(
            String topic, List<String> keys, int writers, int txPerWriter, int eventsPerTx) throws Exception {
        ConcurrentLinkedQueue<VerdictEvent<OrderPlaced>> published = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Random random = new Random(42 + w);
                futures.add(pool.submit(() -> {
                    for (int t = 0; t < txPerWriter; t++) {
                        List<String> txKeys = new ArrayList<>();
                        for (int e = 0; e < eventsPerTx; e++) {
                            txKeys.add(keys.get(random.nextInt(keys.size())));
                        }
                        // Lock counter rows in key order, as a careful service would, to avoid deadlocks.
                        Collections.sort(txKeys);
                        published.addAll(orders.place(topic, txKeys, "w"));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new ArrayList<>(published);
    }

    /** Every key's events arrived as 1, 2, 3... up to the number published for it: nothing missing, doubled or swapped. */
    static void assertInOrderPerKey(List<Received> received, List<VerdictEvent<OrderPlaced>> published) {
        Map<String, Integer> publishedPerKey = new HashMap<>();
        for (VerdictEvent<OrderPlaced> e : published) {
            publishedPerKey.merge(e.data().key(), 1, Integer::sum);
        }
        Map<String, List<Integer>> seqs = seqsByKey(received);
        assertThat(seqs.keySet()).isEqualTo(publishedPerKey.keySet());
        seqs.forEach((key, list) -> assertThat(list)
                .as("seq order of key %s", key)
                .isEqualTo(IntStream.rangeClosed(1, publishedPerKey.get(key))
                        .boxed()
                        .toList()));
    }

    record Received(String key, int partition, long offset, VerdictEvent<?> event) {
        OrderPlaced order() {
            return event.dataAs(OrderPlaced.TYPE).orElseThrow();
        }

        UUID id() {
            return event.id();
        }
    }

    /**
     * Everything on {@code topic}, decoded: polls until {@code expected} records arrived (failing after
     * {@code timeout}), then keeps polling {@code settle} longer so that duplicates beyond {@code expected} would show.
     */
    private List<Received> read(String topic, int expected, Duration timeout, Duration settle) {
        return TopicReader.of(bootstrap, topic).timeout(timeout).settle(settle).read(expected).stream()
                .map(r -> new Received(r.key(), r.partition(), r.offset(), codec.decode(r.value())))
                .toList();
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

    private void awaitNothingPending(String topic) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                count("select count(*) from verdict_outbox where topic = ? and sent_at is null", topic))
                        .as("rows of %s still pending", topic)
                        .isZero());
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

    private List<String> strings(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
