package dev.verdict.outbox.bench;

import dev.verdict.events.EventCodec;
import dev.verdict.events.EventType;
import dev.verdict.events.EventTypeRegistry;
import dev.verdict.events.VerdictEvent;
import dev.verdict.outbox.OutboxLanes;
import dev.verdict.outbox.relay.RelayEngine;
import dev.verdict.outbox.schema.OutboxSchema;
import dev.verdict.persistence.Jdbc;
import dev.verdict.testing.TestKafka;
import dev.verdict.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Outbox relay throughput next to the raw producer throughput of the same broker, in the same JVM and run, with the
 * same producer settings, keys, payloads and headers. Not a test: a measurement for docs/performance.md.
 *
 * <p>Raw: one kafka-clients producer sends N records asynchronously and flushes. Relay: N rows committed in one
 * transaction into {@code verdict_outbox}; the clock runs from that commit until the relay has marked all N sent
 * (claim, send, wait for acks, mark, commit per batch). Rounds alternate raw and relay so drift hits both.
 *
 * <p>{@code ./mvnw -B -pl libs/outbox -Pbench verify [-Dbench.events=100000 -Dbench.rounds=3]}
 */
public final class RelayBenchmark {

    record BenchEvent(String key, long seq, String text) {}

    static final EventType<BenchEvent> TYPE = EventType.of("dev.verdict.bench.relay-measured.v1", BenchEvent.class);
    static final int KEYS = 1000;

    /** One relay configuration measured against the raw producer. */
    record Variant(String label, int workers, int batchSize, Duration retention) {}

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Variant> variants = List.of(
                new Variant("defaults: 4 workers, batch 1000, delete on send", 4, 1000, Duration.ZERO),
                new Variant("2 workers, batch 500, delete on send", 2, 500, Duration.ZERO),
                new Variant("4 workers, batch 1000, keep sent rows 1h (mark sent_at)", 4, 1000, Duration.ofHours(1)));

        TestPostgres pg = TestPostgres.get();
        TestKafka kafka = TestKafka.get();
        String base = pg.createDatabase("outbox_bench");
        String url = base + (base.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        try (AgroalDataSource ds = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(cp -> cp.maxSize(16)
                        .connectionFactoryConfiguration(cf -> cf.jdbcUrl(url)
                                .principal(new NamePrincipal(pg.username()))
                                .credential(new SimplePassword(pg.password())))))) {
            OutboxSchema.migrate(ds);
            EventCodec codec = new EventCodec(EventTypeRegistry.of(TYPE));
            List<Payload> payloads = payloads(codec, events);
            String bootstrap = kafka.bootstrapServers();
            Map<String, Object> producerConfig =
                    RelayEngine.producerConfig(bootstrap, Duration.ofSeconds(30), Map.of());
            String rawTopic = "bench-raw";
            String relayTopic = "bench-relay";
            kafka.createTopic(rawTopic, 6);
            kafka.createTopic(relayTopic, 6);
            System.out.printf(
                    Locale.ROOT,
                    "%n%,d events per round, %d keys, payload %d bytes (CloudEvents JSON), %d rounds%n",
                    events,
                    KEYS,
                    payloads.get(0).bytes.length,
                    rounds);

            StringBuilder report = new StringBuilder();
            report.append(String.format(
                    Locale.ROOT,
                    "%,d events per round, %d keys, %d-byte CloudEvents JSON payloads, "
                            + "topics of 6 partitions, %d alternating rounds; median events/s.%n%n",
                    events,
                    KEYS,
                    payloads.get(0).bytes.length,
                    rounds));
            report.append("| relay configuration | raw producer (events/s, median) | outbox relay (events/s, median) "
                    + "| relay / raw (median of rounds) | relay / raw per round |\n");
            report.append("|---|---:|---:|---:|---|\n");
            String loadBefore = loadAverage();
            for (Variant v : variants) {
                AtomicLong sent = new AtomicLong();
                RelayEngine.Settings settings = RelayEngine.Settings.defaults()
                        .withWorkers(v.workers)
                        .withBatchSize(v.batchSize)
                        .withSentRetention(v.retention);
                RelayEngine engine = new RelayEngine(
                        new Jdbc(ds),
                        producerConfig,
                        settings,
                        new RelayEngine.Listener() {
                            @Override
                            public void sent(int rows) {
                                sent.addAndGet(rows);
                            }
                        },
                        "bench-relay");
                engine.start();
                try (KafkaProducer<String, byte[]> raw =
                        new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer())) {
                    // Warm-up (not reported): JIT, producer metadata, PostgreSQL caches.
                    raw(raw, rawTopic, payloads.subList(0, Math.min(20_000, events)));
                    relay(ds, engine, sent, relayTopic, payloads.subList(0, Math.min(20_000, events)));
                    double[] rawRates = new double[rounds];
                    double[] relayRates = new double[rounds];
                    for (int r = 0; r < rounds; r++) {
                        rawRates[r] = raw(raw, rawTopic, payloads);
                        relayRates[r] = relay(ds, engine, sent, relayTopic, payloads);
                        System.out.printf(
                                Locale.ROOT,
                                "[%s] round %d: raw %,.0f/s, relay %,.0f/s (%.0f%%)%n",
                                v.label,
                                r + 1,
                                rawRates[r],
                                relayRates[r],
                                100 * relayRates[r] / rawRates[r]);
                    }
                    double[] ratios = new double[rounds];
                    StringBuilder perRound = new StringBuilder();
                    for (int r = 0; r < rounds; r++) {
                        ratios[r] = relayRates[r] / rawRates[r];
                        perRound.append(r == 0 ? "" : ", ")
                                .append(String.format(Locale.ROOT, "%.0f%%", 100 * ratios[r]));
                    }
                    report.append(String.format(
                            Locale.ROOT,
                            "| %s | %,.0f | %,.0f | %.0f%% | %s |%n",
                            v.label,
                            median(rawRates),
                            median(relayRates),
                            100 * median(ratios),
                            perRound));
                } finally {
                    engine.close();
                }
            }
            report.append(String.format(
                    Locale.ROOT,
                    "%nLoad average (1, 5, 15 min) before: %s; after: %s. %d CPU(s).%n",
                    loadBefore,
                    loadAverage(),
                    Runtime.getRuntime().availableProcessors()));
            System.out.println();
            System.out.println(report);
            Path out = Path.of("target", "bench-relay.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report.toString());
            System.out.println("written to " + out.toAbsolutePath());
        }
        System.exit(0); // the shared PostgreSQL and Kafka stop in shutdown hooks
    }

    private record Payload(String key, byte[] bytes) {}

    private static List<Payload> payloads(EventCodec codec, int n) {
        List<Payload> out = new ArrayList<>(n);
        String text = "x".repeat(200);
        for (int i = 0; i < n; i++) {
            String key = "component:default/service-" + (i % KEYS);
            VerdictEvent<BenchEvent> e = VerdictEvent.create(TYPE, "bench", key, new BenchEvent(key, i, text));
            out.add(new Payload(key, codec.encode(e)));
        }
        return out;
    }

    /** Raw producer: N async sends and a flush; events per second. */
    private static double raw(KafkaProducer<String, byte[]> producer, String topic, List<Payload> payloads)
            throws Exception {
        List<Header> headers = List.of(new RecordHeader(
                "content-type", (EventCodec.CONTENT_TYPE + "; charset=UTF-8").getBytes(StandardCharsets.UTF_8)));
        CountDownLatch acked = new CountDownLatch(payloads.size());
        AtomicReference<Exception> failure = new AtomicReference<>();
        long t0 = System.nanoTime();
        for (Payload p : payloads) {
            producer.send(new ProducerRecord<>(topic, null, p.key, p.bytes, headers), (md, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
                acked.countDown();
            });
        }
        producer.flush();
        if (!acked.await(5, TimeUnit.MINUTES) || failure.get() != null) {
            throw new IllegalStateException("raw producer failed", failure.get());
        }
        return payloads.size() / ((System.nanoTime() - t0) / 1e9);
    }

    /** Commits N outbox rows in one transaction, then times the relay until all N are marked sent. */
    private static double relay(
            AgroalDataSource ds, RelayEngine engine, AtomicLong sent, String topic, List<Payload> payloads)
            throws Exception {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("truncate verdict_outbox");
            s.execute("vacuum analyze verdict_outbox");
        }
        long before = sent.get();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "insert into verdict_outbox (lane, topic, msg_key, event_id, event_type, payload) values (?, ?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            int i = 0;
            for (Payload p : payloads) {
                java.util.UUID id = java.util.UUID.randomUUID();
                ps.setInt(1, OutboxLanes.of(p.key, id));
                ps.setString(2, topic);
                ps.setString(3, p.key);
                ps.setObject(4, id);
                ps.setString(5, TYPE.name());
                ps.setBytes(6, p.bytes);
                ps.addBatch();
                if (++i % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            c.commit();
            c.setAutoCommit(true);
        }
        long t0 = System.nanoTime();
        engine.wakeUp();
        long target = before + payloads.size();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(10);
        while (sent.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "relay did not drain: " + (sent.get() - before) + " of " + payloads.size());
            }
            Thread.sleep(1);
        }
        return payloads.size() / ((System.nanoTime() - t0) / 1e9);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
