package dev.verdict.decisions.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.decisions.api.TopicsResource;
import dev.verdict.decisions.evidence.service.EvidenceServiceAccess;
import dev.verdict.decisions.importer.service.AdrImporter;
import dev.verdict.decisions.importer.service.ImportFormat;
import dev.verdict.decisions.importer.service.ImportResult;
import dev.verdict.decisions.importer.service.SourceFile;
import dev.verdict.events.EventCodec;
import dev.verdict.events.Topics;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.evidence.EvidenceEvents;
import dev.verdict.events.evidence.EvidenceReported;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import dev.verdict.testing.TestKafka;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks of issue 5, run against the real service (PostgreSQL, Kafka, Keycloak, git) in one JVM:
 * <ol>
 * <li>import of a 500-ADR repository (parse only, and the full REST import with database and git commit);</li>
 * <li>ingest of 100,000 evidence events from Kafka with criteria evaluation, next to the raw consumer throughput of
 * the same broker and topic in the same run;</li>
 * <li>detail + timeline read latency of a decision with 1,000 evidence items.</li>
 * </ol>
 * Not part of the test suite (the name does not end in Test): run with
 * {@code ./mvnw -B -pl decision-records verify -Dtest=DecisionRecordsBench -Dsurefire.failIfNoSpecifiedTests=false}.
 * Writes {@code target/bench/decision-records.txt}. Sizes: {@code -Dbench.events=100000 -Dbench.decisions=50};
 * {@code -Dbench.parts=ingest} runs only the named parts (of {@code import,ingest,read}).
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "decisions"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = "client-id", value = "decision-records"))
@WithTestResource(value = TopicsResource.class, initArgs = @ResourceArg(name = "partitions", value = "4"))
class DecisionRecordsBench {

    private static final String CRITERION =
            "benchmark \"cpu-time-per-op\" ratio(jdk25/jdk17) ci.upper <= 0.95 with n >= 10 and gates passed within 30d";

    @Inject
    EventCodec codec;

    @Inject
    AgroalDataSource ds;

    @Inject
    ObjectMapper json;

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final StringBuilder report = new StringBuilder();

    @Test
    void run() throws Exception {
        line("# decision-records benchmarks, " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, JDK " + System.getProperty("java.version")
                + ", test JVM heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        // -Dbench.parts=ingest runs one part only (while iterating on it)
        List<String> parts =
                List.of(System.getProperty("bench.parts", "import,ingest,read").split(","));
        if (parts.contains("import")) {
            importBench();
        }
        if (parts.contains("ingest")) {
            ingestBench(Integer.getInteger("bench.events", 100_000), Integer.getInteger("bench.decisions", 50));
        }
        if (parts.contains("read")) {
            readBench(1_000, 1_000);
        }
        Path out = Path.of("target/bench/decision-records.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
    }

    // ------------------------------------------------------------------ 1. import

    private void importBench() throws Exception {
        List<SourceFile> repo = AdrRepoGenerator.generate(500, 42);
        long bytes = repo.stream().mapToLong(f -> f.content().length()).sum();
        // parse only (in process), best of 5 after 2 warm-ups
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 7; i++) {
            long t = System.nanoTime();
            ImportResult r = AdrImporter.importFiles(repo, ImportFormat.AUTO);
            long ns = System.nanoTime() - t;
            assertThat(r.problems()).isEmpty();
            assertThat(r.decisions()).hasSize(500);
            if (i >= 2) {
                best = Math.min(best, ns);
            }
        }
        line(String.format(
                Locale.ROOT,
                "import-parse: 500 ADRs (%d KiB) parsed and mapped in %.1f ms (best of 5)",
                bytes >> 10,
                best / 1e6));
        List<Map<String, String>> files = repo.stream()
                .map(f -> Map.of("path", f.path(), "content", f.content()))
                .toList();
        String body = json.writeValueAsString(Map.of("renumber", true, "source", "bench", "files", files));
        String token = KeycloakResource.accessToken("architect");
        for (int run = 1; run <= 3; run++) {
            long t = System.nanoTime();
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(uri("api/import"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(120))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            long ms = (System.nanoTime() - t) / 1_000_000;
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            line(String.format(
                    Locale.ROOT,
                    "import-rest run %d: 500 ADRs imported (parse, 500 rows + timeline + "
                            + "evaluation, one git commit of 500 files) in %d ms",
                    run,
                    ms));
        }
    }

    // ------------------------------------------------------------------ 2. ingest

    private void ingestBench(int events, int decisionCount) throws Exception {
        String token = KeycloakResource.accessToken("engineer");
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < decisionCount; i++) {
            String subject = "component:default/bench-" + i;
            subjects.add(subject);
            Map<String, Object> d = Map.of(
                    "title",
                    "Run bench service " + i + " on JDK 25",
                    "affectedEntities",
                    List.of(subject),
                    "criteria",
                    List.of(Map.of("text", CRITERION)));
            HttpResponse<String> r = post("api/decisions", token, json.writeValueAsString(d));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        Random rnd = new Random(7);
        // warm-up (the JIT compiles the consumer path meanwhile; -Dbench.warmup), wait until processed
        long base = evidenceCount();
        long producedWarm = produce(Integer.getInteger("bench.warmup", 20_000), subjects, rnd, null);
        waitForEvidence(base + producedWarm, Duration.ofMinutes(10));

        long before = evidenceCount();
        long beforeEvidence = before;
        CpuMeter cpu = new CpuMeter(postgresBackendPid());
        Map<String, Long> cpu0 = cpu.snapshot();
        double load0 = loadAverage();
        long t0 = System.nanoTime();
        long produceNs = System.nanoTime();
        produce(events, subjects, rnd, null);
        produceNs = System.nanoTime() - produceNs;
        // done when the consumer group has committed every offset (a count(*) every 100 ms would load PostgreSQL)
        waitForConsumedOffsets(Duration.ofMinutes(30));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(evidenceCount()).isEqualTo(before + events);
        Map<String, Double> perEvent = CpuMeter.perEvent(cpu0, cpu.snapshot(), events);
        double load1 = loadAverage();
        long stored = count("select count(*) from evidence") - beforeEvidence;
        long links = count("select count(*) from evidence_link");
        long statusEvents = topicSize(Topics.DECISIONS);
        double ingestRate = events / seconds;

        // raw consumer throughput of the same broker and topic, same run: read everything from the beginning
        // each stage twice, the better pass counts (the first pass of a stage also warms its code)
        double raw = Math.max(rawConsume(Stage.RAW), rawConsume(Stage.RAW));
        double rawDecode = Math.max(rawConsume(Stage.DECODE), rawConsume(Stage.DECODE));
        double rawHash = Math.max(rawConsume(Stage.DECODE_AND_HASH), rawConsume(Stage.DECODE_AND_HASH));
        line(String.format(
                Locale.ROOT,
                "ingest: %d evidence events (%d decisions, matched by subject and criterion,"
                        + " %d consumer loops, 4 partitions) stored and evaluated in %.1f s = %.0f evidence/s"
                        + " (producer finished after %.1f s); %d evidence rows, %d links, %d status-change events on verdict.decisions.v1 so far",
                events,
                decisionCount,
                Integer.getInteger("bench.consumers", 2),
                seconds,
                ingestRate,
                produceNs / 1e9,
                stored,
                links,
                statusEvents));
        line(String.format(
                        Locale.ROOT,
                        "ingest CPU per event in that window (load average %.1f -> %.1f; includes"
                                + " producing the events): ",
                        load0,
                        load1)
                + perEvent.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.1f us", e.getKey(), e.getValue()))
                        .collect(java.util.stream.Collectors.joining(", ")));
        line(String.format(
                Locale.ROOT,
                "ingest CPU bound: with both cores for this alone, %.0f events/s;"
                        + " consumers + PostgreSQL alone %.1f us/event",
                2e6 / perEvent.get("total"),
                perEvent.get("service: evidence consumers") + perEvent.get("postgresql")));
        line("ingest: decisions by evidence status " + statusCounts() + ", evidence-status timeline entries "
                + count("select count(*) from timeline_entry where kind = 'evidence-status'"));
        line(String.format(
                Locale.ROOT,
                "ingest-raw: plain KafkaConsumer (one thread, best of 2 passes over the"
                        + " whole topic) read the same topic at %.0f records/s;"
                        + " ingest = %.1f %% of raw",
                raw,
                100 * ingestRate / raw));
        line(String.format(
                Locale.ROOT,
                "ingest-raw+decode: the same consumer also decoding every CloudEvent into"
                        + " EvidenceReported: %.0f records/s; ingest = %.1f %% of that",
                rawDecode,
                100 * ingestRate / rawDecode));
        line(String.format(
                Locale.ROOT,
                "ingest-raw+decode+hash: ... and building the evidence model with its"
                        + " SHA-256 content hash: %.0f records/s; ingest = %.1f %% of that",
                rawHash,
                100 * ingestRate / rawHash));
    }

    private long produce(int n, List<String> subjects, Random rnd, String decision) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestKafka.get().bootstrapServers());
        p.put("linger.ms", "5");
        p.put("batch.size", "262144");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            for (int i = 0; i < n; i++) {
                String subject = subjects.get(i % subjects.size());
                EvidenceReported data = BenchEvents.evidence(i, n, subject, decision, rnd, now);
                producer.send(new ProducerRecord<>(
                        Topics.BENCHMARKS,
                        subject,
                        codec.encode(VerdictEvent.create(
                                EvidenceEvents.BENCHMARK_EVIDENCE, "benchmark-harness", subject, data))));
            }
            producer.flush();
        }
        return n;
    }

    private static long topicSize(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestKafka.get().bootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            return consumer.endOffsets(parts).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    /** How much of the ingest work the plain consumer does on top of reading. */
    enum Stage {
        RAW,
        DECODE,
        DECODE_AND_HASH
    }

    private double rawConsume(Stage stage) {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestKafka.get().bootstrapServers());
        p.put("max.poll.records", "2000");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(Topics.BENCHMARKS).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            long read = 0;
            long t = System.nanoTime();
            while (read < total) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                read += records.count();
                if (stage == Stage.DECODE) {
                    records.forEach(r -> codec.decode(r.value()));
                } else if (stage == Stage.DECODE_AND_HASH) {
                    Instant now = Instant.now();
                    records.forEach(r -> {
                        VerdictEvent<?> e = codec.decode(r.value());
                        EvidenceServiceAccess.model(e.id(), (EvidenceReported) e.data(), now);
                    });
                }
            }
            return read / ((System.nanoTime() - t) / 1e9);
        }
    }

    // ------------------------------------------------------------------ 3. reads

    private void readBench(int evidence, int iterations) throws Exception {
        String token = KeycloakResource.accessToken("engineer");
        String subject = "component:default/bench-read";
        HttpResponse<String> created = post(
                "api/decisions",
                token,
                json.writeValueAsString(Map.of(
                        "title",
                        "Read benchmark decision",
                        "affectedEntities",
                        List.of(subject),
                        "criteria",
                        List.of(Map.of("text", CRITERION)))));
        String id = (String) json.readValue(created.body(), Map.class).get("id");
        long base = evidenceCount();
        produce(evidence, List.of(subject), new Random(11), id);
        waitForEvidence(base + evidence, Duration.ofMinutes(10));
        assertThat(count("select count(*) from evidence_link where decision_number = "
                        + Integer.parseInt(id.substring(4))))
                .isEqualTo(evidence);
        String viewer = KeycloakResource.accessToken("viewer");
        long[] detail = new long[iterations];
        long[] timeline = new long[iterations];
        long[] both = new long[iterations];
        for (int i = -200; i < iterations; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> d = get("api/decisions/" + id, viewer);
            long t1 = System.nanoTime();
            HttpResponse<String> tl = get("api/decisions/" + id + "/timeline", viewer);
            long t2 = System.nanoTime();
            if (d.statusCode() != 200 || tl.statusCode() != 200) {
                throw new AssertionError(d.statusCode() + " / " + tl.statusCode());
            }
            if (i >= 0) {
                detail[i] = t1 - t0;
                timeline[i] = t2 - t1;
                both[i] = t2 - t0;
            }
        }
        line(String.format(
                Locale.ROOT,
                "read: decision with %d evidence items, %d sequential iterations after 200"
                        + " warm-up, HTTP on loopback with bearer token:",
                evidence,
                iterations));
        line("  detail            " + percentiles(detail));
        line("  timeline (100)    " + percentiles(timeline));
        line("  detail + timeline " + percentiles(both));
    }

    // ------------------------------------------------------------------ helpers

    private static String percentiles(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return String.format(
                Locale.ROOT,
                "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms",
                s[(int) (s.length * 0.50)] / 1e6,
                s[(int) (s.length * 0.95)] / 1e6,
                s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.99) - 1)] / 1e6,
                s[s.length - 1] / 1e6);
    }

    private static void waitForConsumedOffsets(Duration max) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestKafka.get().bootstrapServers());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p);
                KafkaConsumer<String, byte[]> consumer =
                        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(Topics.BENCHMARKS).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + max.toNanos();
            while (true) {
                Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets("decision-records.evidence")
                                .partitionsToOffsetAndMetadata()
                                .get();
                boolean done = end.entrySet().stream()
                        .allMatch(e -> committed.get(e.getKey()) != null
                                && committed.get(e.getKey()).offset() >= e.getValue());
                if (done) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("consumer group did not reach " + end + ": " + committed);
                }
                Thread.sleep(50);
            }
        }
    }

    private void waitForEvidence(long target, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (evidenceCount() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("evidence reached only " + evidenceCount() + " of " + target);
            }
            Thread.sleep(100);
        }
    }

    private String statusCounts() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select evidence_status, count(*) from decision group by 1 order by 1");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append('=').append(rs.getLong(2)).append(' ');
            }
        }
        return sb.toString().strip();
    }

    private int postgresBackendPid() throws Exception {
        return (int) count("select pg_backend_pid()");
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private long evidenceCount() throws Exception {
        return count("select count(*) from evidence");
    }

    private long count(String sql) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private URI uri(String path) {
        return URI.create(base.toString() + path);
    }

    private HttpResponse<String> post(String path, String token, String body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void line(String s) {
        System.out.println("[bench] " + s);
        report.append(s).append('\n');
    }
}
