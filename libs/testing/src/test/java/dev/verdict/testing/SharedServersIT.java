package dev.verdict.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Proves the shared servers are real and that Kafka survives a stop/start at the same address. */
class SharedServersIT {

    @Test
    void postgresAnswersSqlInADatabaseOfItsOwn() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.createDatabase("smoke");
        assertEquals(url, pg.createDatabase("smoke"), "creating twice is harmless");
        assertTrue(url.contains(":" + pg.port() + "/smoke"), url);
        try (Connection c = pg.connect("smoke");
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("show server_version_num")) {
                rs.next();
                assertEquals(17, Integer.parseInt(rs.getString(1)) / 10000, "PostgreSQL major version");
            }
            s.execute("create table t (id int primary key, v text)");
            s.execute("insert into t values (1, 'one'), (2, 'two')");
            try (ResultSet rs = s.executeQuery("select string_agg(v, ',' order by id) from t")) {
                rs.next();
                assertEquals("one,two", rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("select current_database()")) {
                rs.next();
                assertEquals("smoke", rs.getString(1));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> pg.createDatabase("x; drop database smoke"));
    }

    @Test
    void kafkaKeepsDataAndAddressAcrossStopAndStart() throws Exception {
        TestKafka kafka = TestKafka.get();
        String topic = "smoke-" + UUID.randomUUID();
        kafka.createTopic(topic, 1);
        kafka.createTopic(topic, 1); // idempotent
        String address = kafka.bootstrapServers();

        try (KafkaProducer<String, String> producer = producer(address)) {
            producer.send(new ProducerRecord<>(topic, "k", "before")).get(30, TimeUnit.SECONDS);
            assertEquals(List.of("before"), readAll(address, topic, 1));

            kafka.stop();
            assertFalse(kafka.isRunning());
            // Broker gone: the send cannot be acknowledged (delivery.timeout.ms = 4 s).
            assertThrows(
                    Exception.class,
                    () -> producer.send(new ProducerRecord<>(topic, "k", "while-down"))
                            .get(30, TimeUnit.SECONDS));

            kafka.start();
            assertTrue(kafka.isRunning());
            assertEquals(address, kafka.bootstrapServers(), "same bootstrap address after restart");
            // The producer created before the stop reconnects to the same address by itself.
            producer.send(new ProducerRecord<>(topic, "k", "after")).get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of("before", "after"), readAll(address, topic, 2));
    }

    @Test
    void brokerStoppedWhileAProducerIsSendingLosesNothingAcknowledged() throws Exception {
        TestKafka kafka = TestKafka.get();
        String topic = "restart-" + UUID.randomUUID();
        kafka.createTopic(topic, 1);
        int total = 2_000;
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        CompletableFuture<Long> restarted = null;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        // Long enough to ride out the outage: the producer retries until the broker is back.
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        120_000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        5_000,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        120_000),
                new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < total; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, "k", Integer.toString(i))));
                if (i == total / 4) {
                    acks.get(i).get(30, TimeUnit.SECONDS); // some records are surely on the broker ...
                    kafka.stop(); // ... and the rest are sent while it is down
                    // send() blocks while the broker is away, so it comes back from another thread.
                    restarted = CompletableFuture.supplyAsync(() -> {
                        sleep(1_500);
                        return kafka.start();
                    });
                }
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(120, TimeUnit.SECONDS);
            }
        }
        restarted.get(60, TimeUnit.SECONDS);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            expected.add(Integer.toString(i));
        }
        assertEquals(expected, readAll(kafka.bootstrapServers(), topic, total), "all, once, in order");
    }

    @Test
    void everyClassLoaderSeesTheSameServers() throws Exception {
        // Quarkus loads tests and test resources in class loaders of its own; simulate one that has its own copy of
        // this library and check it gets the very same servers rather than starting new ones.
        URL[] urls = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> {
                    try {
                        return new File(p).toURI().toURL();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toArray(URL[]::new);
        try (URLClassLoader isolated = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            Class<?> otherKafka = isolated.loadClass(TestKafka.class.getName());
            Class<?> otherPostgres = isolated.loadClass(TestPostgres.class.getName());
            assertNotSame(TestKafka.class, otherKafka);
            Object k = otherKafka.getMethod("get").invoke(null);
            Object p = otherPostgres.getMethod("get").invoke(null);
            assertEquals(
                    TestKafka.get().bootstrapServers(),
                    otherKafka.getMethod("bootstrapServers").invoke(k));
            assertEquals(
                    TestPostgres.get().port(), otherPostgres.getMethod("port").invoke(p));
        }
    }

    @Test
    void resourcesHandQuarkusTheAddresses() {
        PostgresKafkaResource resource = new PostgresKafkaResource();
        resource.init(Map.of("database", "svc"));
        Map<String, String> config = resource.start();
        assertEquals("postgresql", config.get("quarkus.datasource.db-kind"));
        assertEquals(TestPostgres.get().jdbcUrl("svc"), config.get("quarkus.datasource.jdbc.url"));
        assertEquals(TestPostgres.get().username(), config.get("quarkus.datasource.username"));
        assertEquals(TestKafka.get().bootstrapServers(), config.get("kafka.bootstrap.servers"));
        assertTrue(TestKafka.get().isRunning());
        resource.stop();

        PostgresResource pgOnly = new PostgresResource();
        pgOnly.init(Map.of());
        Map<String, String> pgConfig = pgOnly.start();
        assertEquals(
                TestPostgres.get().jdbcUrl(PostgresResource.DEFAULT_DATABASE),
                pgConfig.get("quarkus.datasource.jdbc.url"));
        assertFalse(pgConfig.containsKey("kafka.bootstrap.servers"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static KafkaProducer<String, String> producer(String address) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, address,
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 4_000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4_000,
                        ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(),
                new StringSerializer());
    }

    /** The values on {@code topic} once {@code expected} arrived, read 300 ms longer so that extra records show. */
    private static List<String> readAll(String address, String topic, int expected) {
        return TopicReader.of(address, topic).settle(Duration.ofMillis(300)).read(expected).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
    }
}
