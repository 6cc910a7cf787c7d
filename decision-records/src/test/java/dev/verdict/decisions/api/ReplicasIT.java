package dev.verdict.decisions.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.verdict.events.EventCodec;
import dev.verdict.events.Topics;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.evidence.EvidenceEvents;
import dev.verdict.events.evidence.EvidenceReported;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.TestKafka;
import dev.verdict.testing.TestPostgres;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two replicas of the packaged service ({@code target/quarkus-app/quarkus-run.jar}, {@code -Xmx256m} each) on random
 * ports, sharing one PostgreSQL, Kafka and Keycloak from libs/testing and one bare git remote, each with its own
 * working clone, with the git sync and the staleness job running every second on both. Proves that concurrent edits
 * through both replicas give one linear git history with every change exactly once, that an evidence event delivered
 * to both replicas is stored once, and that the staleness job flips a status once (one event).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    private static final String DATABASE = "decisions_replicas";
    private static final List<Process> PROCESSES = new ArrayList<>();
    private static final List<String> URLS = new ArrayList<>();
    private static Path bare;

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("run after package (failsafe)").exists();
        TestPostgres pg = TestPostgres.get();
        String jdbc = pg.createDatabase(DATABASE);
        TestKafka kafka = TestKafka.get();
        for (String t : Topics.ALL) {
            kafka.createTopic(t, 2); // two partitions: each replica's consumer gets one
        }
        String realm = KeycloakResource.realmUrl();
        Path work = Files.createDirectories(Path.of("target/replicas-it"));
        bare = Files.createTempDirectory(work.toAbsolutePath(), "remote-").resolve("decisions.git");
        Git.init()
                .setBare(true)
                .setDirectory(bare.toFile())
                .setInitialBranch("main")
                .call()
                .close();
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int i = 1; i <= 2; i++) {
            int port = freePort();
            Path clone = Files.createTempDirectory(work.toAbsolutePath(), "clone-" + i + "-");
            Files.delete(clone); // the mirror creates (clones into) it
            ProcessBuilder pb = new ProcessBuilder(
                    java,
                    "-Xmx256m",
                    "-XX:+UseSerialGC",
                    "-Dquarkus.http.port=" + port,
                    "-Dquarkus.oidc.credentials.secret=decision-records-secret",
                    "-Dverdict.decisions.git.pull-every=1s",
                    "-Dverdict.decisions.git.pull-delay=1s",
                    "-Dverdict.decisions.git.timeout=10s",
                    "-Dverdict.decisions.staleness.every=1s",
                    "-Dverdict.decisions.staleness.delay=1s",
                    "-Dverdict.outbox.poll-interval=100ms",
                    "-jar",
                    jar.toAbsolutePath().toString());
            Map<String, String> env = pb.environment();
            env.put("VERDICT_DB_URL", jdbc);
            env.put("VERDICT_DB_USER", pg.username());
            env.put("VERDICT_DB_PASSWORD", pg.password());
            env.put("VERDICT_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
            env.put("VERDICT_OIDC_URL", realm);
            env.put("VERDICT_DECISIONS_GIT_DIR", clone.toString());
            env.put("VERDICT_DECISIONS_GIT_REMOTE", bare.toUri().toString());
            pb.redirectErrorStream(true)
                    .redirectOutput(work.resolve("replica-" + i + ".log").toFile());
            PROCESSES.add(pb.start());
            URLS.add("http://localhost:" + port);
        }
        HttpClient http = HttpClient.newHttpClient();
        for (String url : URLS) {
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> http.send(
                                            HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200);
        }
    }

    @AfterAll
    static void stopReplicas() throws InterruptedException {
        for (Process p : PROCESSES) {
            p.destroy();
        }
        for (Process p : PROCESSES) {
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static RequestSpecification as(int replica, String user) {
        return given().baseUri(URLS.get(replica))
                .header("Authorization", "Bearer " + token(user))
                .contentType(ContentType.JSON);
    }

    private static final Map<String, String> TOKENS = new HashMap<>();

    private static synchronized String token(String user) {
        return TOKENS.computeIfAbsent(user, KeycloakResource::accessToken);
    }

    @Test
    @Order(1) // first: the whole remote history is checked to be linear, before other tests' teammates push
    void concurrentEditsThroughBothReplicasGiveOneLinearHistoryWithEveryChangeOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(as(i % 2, "engineer")
                    .body(Api.decision("Replicated decision " + i + " " + UUID.randomUUID()))
                    .post("/api/decisions")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id"));
        }
        // 4 writers, two per replica, 6 edits each; every edit writes a marker of its own into the context
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<String>>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                List<String> markers = new ArrayList<>();
                for (int e = 0; e < 6; e++) {
                    String id = ids.get((writer + e) % ids.size());
                    String marker = "marker-w" + writer + "-e" + e + "-" + UUID.randomUUID();
                    as(writer % 2, "engineer")
                            .body(Map.of("context", "Edited: " + marker + "."))
                            .patch("/api/decisions/" + id)
                            .then()
                            .statusCode(200);
                    markers.add(id + " " + marker);
                }
                return markers;
            }));
        }
        List<String> edits = new ArrayList<>();
        for (Future<List<String>> f : writers) {
            edits.addAll(f.get());
        }
        pool.shutdown();

        // every decision's file on the remote is what the database holds (both replicas answer the same)
        Map<String, String> paths = new HashMap<>();
        for (String id : ids) {
            String path = as(0, "viewer").get("/api/decisions/" + id).path("path");
            paths.put(id, path);
            String md0 =
                    as(0, "viewer").get("/api/decisions/" + id + "/markdown").asString();
            String md1 =
                    as(1, "viewer").get("/api/decisions/" + id + "/markdown").asString();
            assertThat(md1).isEqualTo(md0);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(remoteFile("main", path)).isEqualTo(md0));
        }
        try (Git g = Git.open(bare.toFile());
                Repository repo = g.getRepository();
                RevWalk walk = new RevWalk(repo)) {
            List<RevCommit> history = new ArrayList<>();
            g.log().call().forEach(history::add);
            assertThat(history).as("no merge commits: replicas never diverged").allMatch(c -> c.getParentCount() <= 1);
            // each marker enters the history in exactly one commit
            for (String edit : edits) {
                String id = edit.substring(0, edit.indexOf(' '));
                String marker = edit.substring(edit.indexOf(' ') + 1);
                int introduced = 0;
                for (RevCommit c : history) {
                    boolean here = contains(repo, c, paths.get(id), marker);
                    boolean before = c.getParentCount() == 1
                            && contains(repo, walk.parseCommit(c.getParent(0)), paths.get(id), marker);
                    if (here && !before) {
                        introduced++;
                    }
                }
                assertThat(introduced).as(edit).isEqualTo(1);
            }
            long ours = history.stream()
                    .filter(c -> ids.stream().anyMatch(id -> c.getShortMessage().startsWith(id + ":")))
                    .count();
            assertThat(ours).as("4 creates + 24 edits, one commit each").isEqualTo(28);
        }
    }

    @Test
    void anEvidenceEventDeliveredToBothReplicasIsStoredOnce() throws Exception {
        String subject =
                "component:default/replicated-" + UUID.randomUUID().toString().substring(0, 8);
        String id = as(0, "engineer")
                .body(
                        Api.decision(
                                "Evidence through two replicas",
                                "affectedEntities",
                                List.of(subject),
                                "criteria",
                                List.of(
                                        Map.of(
                                                "text",
                                                "cpu: benchmark \"cpu-time-per-op\""
                                                        + " ratio(jdk25/jdk17) ci.upper <= 0.95 with n >= 10 and gates passed within 30d"))))
                .post("/api/decisions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Instant end = Instant.now().truncatedTo(ChronoUnit.MICROS);
        EvidenceReported data = new EvidenceReported(
                "benchmark",
                subject,
                id,
                "cpu-time-per-op",
                "ratio(jdk25/jdk17)",
                new EvidenceReported.Provenance(
                        "benchmark-harness",
                        "job-replicas",
                        Map.of("forks", "5"),
                        "cfg1",
                        new EvidenceReported.Environment("Eclipse Adoptium", "25.0.1", "Xeon", "Linux", Map.of()),
                        "abc",
                        end.minusSeconds(600),
                        end),
                new EvidenceReported.Measurements("ns/op", List.of()),
                new EvidenceReported.Result("bootstrap ratio of medians", 0.88, 0.85, 0.91, 0.95, null, 30L, 30L, null),
                List.of(new EvidenceReported.Gate("steady-state", true, null)),
                null,
                null);
        VerdictEvent<EvidenceReported> event =
                VerdictEvent.create(EvidenceEvents.BENCHMARK_EVIDENCE, "benchmark-harness", subject, data);
        byte[] bytes = EventCodec.platform().encode(event);
        // both replicas must be in the group with a partition each before the copies go out
        try (Admin admin = TestKafka.get().admin()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of("decision-records.evidence"))
                        .all()
                        .get()
                        .get("decision-records.evidence");
                return d.members().size() == 2
                        && d.members().stream()
                                .allMatch(m -> m.assignment().topicPartitions().stream()
                                        .anyMatch(tp -> tp.topic().equals(Topics.BENCHMARKS)));
            });
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", TestKafka.get().bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            // the same event on both partitions: each replica's consumer gets a copy
            producer.send(new ProducerRecord<>(Topics.BENCHMARKS, 0, subject, bytes))
                    .get();
            producer.send(new ProducerRecord<>(Topics.BENCHMARKS, 1, subject, bytes))
                    .get();
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> as(1, "viewer")
                        .get("/api/decisions/" + id)
                        .then()
                        .body("evidenceStatus", equalTo("SUPPORTED")));
        // both copies were consumed (the group's offsets passed them on both partitions) ...
        try (Admin admin = TestKafka.get().admin()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                var offsets = admin.listConsumerGroupOffsets("decision-records.evidence")
                        .partitionsToOffsetAndMetadata()
                        .get();
                var ends = endOffsets(Topics.BENCHMARKS);
                return ends.entrySet().stream()
                        .allMatch(e -> offsets.containsKey(e.getKey())
                                && offsets.get(e.getKey()).offset() >= e.getValue());
            });
        }
        // ... and stored once
        as(0, "viewer")
                .get("/api/decisions/" + id + "/evidence")
                .then()
                .body("items.size()", equalTo(1))
                .body("items[0].provenance.sourceEventId", equalTo(event.id().toString()));
        as(0, "viewer")
                .get("/api/decisions/" + id + "/timeline")
                .then()
                .body("items.findAll { it.kind == 'evidence' }.size()", equalTo(1));
    }

    @Test
    void theStalenessJobOnBothReplicasFlipsTheStatusOnceWithOneEvent() throws Exception {
        String subject =
                "component:default/stale-" + UUID.randomUUID().toString().substring(0, 8);
        String id = as(0, "engineer")
                .body(Api.decision(
                        "Stale across replicas " + subject,
                        "affectedEntities",
                        List.of(subject),
                        "criteria",
                        List.of(Map.of(
                                "text",
                                "cpu: benchmark \"cpu-time-per-op\" ratio(jdk25/jdk17) ci.upper"
                                        + " <= 0.95 with n >= 10 and gates passed within 1m"))))
                .post("/api/decisions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(1, "engineer")
                .body(Api.benchmark(subject, id, 0.93, Instant.now().minusSeconds(40)))
                .post("/api/evidence")
                .then()
                .statusCode(201);
        as(0, "viewer").get("/api/decisions/" + id).then().body("evidenceStatus", equalTo("SUPPORTED"));
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() ->
                        as(1, "viewer").get("/api/decisions/" + id).then().body("evidenceStatus", equalTo("STALE")));
        as(0, "viewer")
                .get("/api/decisions/" + id + "/timeline")
                .then()
                .body(
                        "items.findAll { it.kind == 'evidence-status' && it.summary.startsWith('SUPPORTED → STALE') }"
                                + ".size()",
                        equalTo(1));
        assertThat(GitRemoteSyncTest.staleEvents(
                        TestKafka.get().bootstrapServers(), id, "Stale across replicas " + subject))
                .as("one event for the flip, though both replicas run the job")
                .hasSize(1);
    }

    @Test
    void aGitEditIsImportedOnceThoughBothReplicasSync() throws Exception {
        String id = as(0, "engineer")
                .body(Api.decision("Edited in git, two replicas"))
                .post("/api/decisions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String path = as(0, "viewer").get("/api/decisions/" + id).path("path");
        Path dir = Files.createTempDirectory(Path.of("target/replicas-it").toAbsolutePath(), "teammate-");
        try (Git mate = Git.cloneRepository()
                .setURI(bare.toUri().toString())
                .setDirectory(dir.toFile())
                .call()) {
            Path f = dir.resolve(path);
            Files.writeString(f, Files.readString(f).replace("Why we need to decide", "Edited by the team"));
            mate.add().addFilepattern(path).call();
            mate.commit()
                    .setMessage("team edit")
                    .setAuthor(new org.eclipse.jgit.lib.PersonIdent("Bo Teammate", "bo@example.com"))
                    .setSign(false)
                    .call();
            mate.push().call();
        }
        await().atMost(Duration.ofSeconds(45))
                .untilAsserted(() -> as(1, "viewer")
                        .get("/api/decisions/" + id)
                        .then()
                        .body("context", containsString("Edited by the team")));
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> as(0, "viewer")
                        .get("/api/decisions/" + id + "/timeline")
                        .then()
                        .body("items.findAll { it.kind == 'git-pull' }.size()", equalTo(1)));
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<String, String> c = consumer()) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            return c.endOffsets(parts);
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestKafka.get().bootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new StringDeserializer());
    }

    private static boolean contains(Repository repo, RevCommit c, String path, String marker) throws IOException {
        try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
            return tw != null
                    && new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8).contains(marker);
        }
    }

    private static String remoteFile(String rev, String path) throws Exception {
        try (Git g = Git.open(bare.toFile());
                Repository repo = g.getRepository();
                RevWalk walk = new RevWalk(repo)) {
            try (TreeWalk tw = TreeWalk.forPath(
                    repo, path, walk.parseCommit(repo.resolve(rev)).getTree())) {
                return tw == null
                        ? null
                        : new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
