package dev.verdict.decisions.api;

import static dev.verdict.decisions.api.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import dev.verdict.decisions.evidence.service.ConsumerCrashPoints;
import dev.verdict.decisions.staleness.StalenessJob;
import dev.verdict.events.EventCodec;
import dev.verdict.events.Topics;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.benchmark.BenchmarkEvents;
import dev.verdict.events.benchmark.ComparisonCompleted;
import dev.verdict.events.canonical.CanonicalJson;
import dev.verdict.events.decisions.DecisionEvents;
import dev.verdict.events.decisions.EvidenceStatusChanged;
import dev.verdict.events.evidence.EvidenceEvents;
import dev.verdict.events.evidence.EvidenceReported;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import dev.verdict.testing.TestKafka;
import dev.verdict.testing.TopicReader;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "decisions"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = "client-id", value = "decision-records"))
@WithTestResource(TopicsResource.class)
class EvidenceApiTest {

    @Inject
    EventCodec codec;

    @Inject
    AgroalDataSource ds;

    @Inject
    StalenessJob staleness;

    private static String subject() {
        return "component:default/svc-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String decisionWithCriterion(String subject) {
        return as("engineer")
                .body(Api.decision(
                        "Run " + subject + " on JDK 25",
                        "affectedEntities",
                        List.of(subject),
                        "criteria",
                        List.of(Map.of("text", Api.CPU_CRITERION))))
                .post("/api/decisions")
                .path("id");
    }

    @Test
    void evidenceForAnUnknownDecisionIs404AndInvalidEvidence422() {
        as("engineer")
                .body(Api.benchmark(subject(), "ADR-99999", 0.9, Instant.now()))
                .post("/api/evidence")
                .then()
                .statusCode(404)
                .body("detail", containsString("ADR-99999"));
        Map<String, Object> bad = Api.benchmark(subject(), null, 0.9, Instant.now());
        bad.put("kind", "rumour");
        as("engineer").body(bad).post("/api/evidence").then().statusCode(422).body("detail", containsString("rumour"));
        as("viewer")
                .body(Api.benchmark(subject(), null, 0.9, Instant.now()))
                .post("/api/evidence")
                .then()
                .statusCode(403);
    }

    @Test
    void evidenceMovesTheStatusAndPublishesTheChange() {
        String subject = subject();
        String id = decisionWithCriterion(subject);
        int version = as("viewer").get("/api/decisions/" + id).path("version");
        Response supporting = as("engineer")
                .body(Api.benchmark(subject, id, 0.93, Instant.now().minusSeconds(60)))
                .post("/api/evidence");
        supporting.then().statusCode(201).body("decision", equalTo(id));
        String supportingId = supporting.path("id");
        as("viewer")
                .get("/api/decisions/" + id)
                .then()
                .body("evidenceStatus", equalTo("SUPPORTED"))
                .body(
                        "evidenceExplanation",
                        containsString("evidence " + supportingId + ": ci.upper = 0.93 satisfies <= 0.95"));

        // newer, contradicting evidence; no decision ref: linked by subject and criterion
        String contradicting = as("engineer")
                .body(Api.benchmark(subject, null, 1.02, Instant.now())) // [0.96, 1.02]: all above 0.95
                .post("/api/evidence")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as("viewer")
                .get("/api/decisions/" + id)
                .then()
                .body("evidenceStatus", equalTo("CONTRADICTED"))
                .body("evidenceExplanation", containsString(contradicting))
                // a status change is no edit: the version (the ETag an edit must name) stays
                .body("version", equalTo(version));

        // a correction supersedes the contradicting item: supported again
        Map<String, Object> correction = Api.benchmark(subject, id, 0.92, Instant.now());
        correction.put("supersedes", contradicting);
        correction.put("notes", "the first run had turbo boost enabled");
        as("engineer").body(correction).post("/api/evidence").then().statusCode(201);
        as("viewer").get("/api/decisions/" + id).then().body("evidenceStatus", equalTo("SUPPORTED"));
        // supported: the gate lets the architect accept without an override, and the file pins the deciding evidence
        String deciding =
                as("viewer").get("/api/decisions/" + id + "/evaluation").path("results[0].decidingEvidence");
        as("architect")
                .body(Map.of("reason", "benchmarks are convincing"))
                .post("/api/decisions/" + id + "/accept")
                .then()
                .statusCode(200)
                .body("status", equalTo("accepted"))
                .body("evidenceIds", equalTo(List.of(deciding)));
        assertThat(as("viewer").get("/api/decisions/" + id + "/markdown").asString())
                .contains("  evidence:\n    - " + deciding + "\n");
        as("viewer").get("/api/decisions/" + id + "/overrides").then().body("size()", equalTo(0));

        as("viewer")
                .get("/api/decisions/" + id + "/timeline")
                .then()
                .body(
                        "items.findAll { it.kind == 'evidence-status' }.summary",
                        hasItem(containsString("SUPPORTED → CONTRADICTED")))
                .body("items.findAll { it.kind == 'evidence' }.size()", equalTo(3));
        as("viewer").get("/api/decisions/" + id + "/evidence").then().body("items.size()", equalTo(3));

        List<EvidenceStatusChanged> events = statusEvents(id, 3);
        assertThat(events)
                .extracting(EvidenceStatusChanged::status)
                .containsExactly("SUPPORTED", "CONTRADICTED", "SUPPORTED");
        assertThat(events.get(1).decidingEvidence()).containsExactly(contradicting);
        assertThat(events.get(1).previousStatus()).isEqualTo("SUPPORTED");
    }

    @Test
    void evidenceIsImmutableAndItsHashVerifiable() {
        String subject = subject();
        String id = decisionWithCriterion(subject);
        Map<String, Object> manual = Api.benchmark(subject, id, 0.9, Instant.now());
        byte[] pdf = "%PDF-1.4 review notes".getBytes(StandardCharsets.UTF_8);
        manual.put(
                "attachments",
                List.of(Map.of(
                        "name",
                        "review.pdf",
                        "mediaType",
                        "application/pdf",
                        "contentBase64",
                        Base64.getEncoder().encodeToString(pdf))));
        Response r = as("engineer").body(manual).post("/api/evidence");
        r.then().statusCode(201).body("attachments[0].size", equalTo(pdf.length));
        String evidenceId = r.path("id");
        String hash = r.path("contentHash");
        String canonical = as("viewer")
                .get("/api/evidence/" + evidenceId + "/canonical")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(CanonicalJson.sha256Hex(canonical)).isEqualTo(hash);
        byte[] back = as("viewer")
                .get("/api/evidence/" + evidenceId + "/attachments/review.pdf")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertThat(back).isEqualTo(pdf);
        as("engineer").body(manual).put("/api/evidence/" + evidenceId).then().statusCode(405);
        as("engineer").delete("/api/evidence/" + evidenceId).then().statusCode(405);
        as("viewer").get("/api/evidence/" + evidenceId).then().body("contentHash", equalTo(hash));
    }

    @Test
    void kafkaEvidenceIsStoredOnceEvenWhenDeliveredTwice() throws Exception {
        String subject = subject();
        String id = decisionWithCriterion(subject);
        Instant end = Instant.now().truncatedTo(ChronoUnit.MICROS);
        EvidenceReported data = new EvidenceReported(
                "benchmark",
                subject,
                null,
                "cpu-time-per-op",
                "ratio(jdk25/jdk17)",
                new EvidenceReported.Provenance(
                        "benchmark-harness",
                        "job-77",
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
        // two copies, then a marker on the same partition: once the marker is stored, both copies were consumed
        VerdictEvent<EvidenceReported> marker = event(subject(), null, 0.91);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.BENCHMARKS, subject, codec.encode(event)))
                    .get();
            producer.send(new ProducerRecord<>(Topics.BENCHMARKS, subject, codec.encode(event)))
                    .get();
            producer.send(new ProducerRecord<>(Topics.BENCHMARKS, subject, codec.encode(marker)))
                    .get();
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        as("viewer").get("/api/decisions/" + id).then().body("evidenceStatus", equalTo("SUPPORTED")));
        await().atMost(Duration.ofSeconds(30)).until(() -> evidenceCount(marker.id()) == 1);
        assertThat(evidenceCount(event.id())).isEqualTo(1);
        as("viewer")
                .get("/api/decisions/" + id + "/timeline")
                .then()
                .body("items.findAll { it.kind == 'evidence' }.size()", equalTo(1));
        as("viewer")
                .get("/api/decisions/" + id + "/evidence")
                .then()
                .body("items.size()", equalTo(1))
                .body("items[0].provenance.sourceEventId", equalTo(event.id().toString()))
                .body("items[0].provenance.producer", equalTo("benchmark-harness"));
    }

    /**
     * A crash after the batch is committed to the database but before its offsets are committed: the consumer
     * restarts, reads the batch again, and nothing is stored, linked, put on the timeline or published twice. A crash
     * inside the transaction (after the writes, before the commit) rolls back and the retry stores it once.
     */
    @Test
    void aCrashBeforeTheOffsetCommitOrTheDatabaseCommitAppliesTheEventOnce() throws Exception {
        for (String phase : List.of("committed", "stored")) {
            String subject = subject();
            String id = decisionWithCriterion(subject);
            VerdictEvent<EvidenceReported> event = event(subject, null, 0.91);
            VerdictEvent<EvidenceReported> marker = event(subject(), null, 0.91);
            java.util.concurrent.atomic.AtomicBoolean crashed = ConsumerCrashPoints.crashOnce(phase, event.id());
            try {
                try (KafkaProducer<String, byte[]> producer = producer()) {
                    producer.send(new ProducerRecord<>(Topics.BENCHMARKS, subject, codec.encode(event)))
                            .get();
                }
                await().atMost(Duration.ofSeconds(30)).until(crashed::get);
                // after the crash: a marker on the same partition; once it is stored, the event was read again
                try (KafkaProducer<String, byte[]> producer = producer()) {
                    producer.send(new ProducerRecord<>(Topics.BENCHMARKS, subject, codec.encode(marker)))
                            .get();
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> evidenceCount(marker.id()) == 1);
            } finally {
                ConsumerCrashPoints.reset();
            }
            assertThat(evidenceCount(event.id())).as(phase).isEqualTo(1);
            as("viewer").get("/api/decisions/" + id + "/evidence").then().body("items.size()", equalTo(1));
            as("viewer")
                    .get("/api/decisions/" + id + "/timeline")
                    .then()
                    .body("items.findAll { it.kind == 'evidence' }.size()", equalTo(1))
                    .body("items.findAll { it.kind == 'evidence-status' }.size()", equalTo(1));
            as("viewer").get("/api/decisions/" + id).then().body("evidenceStatus", equalTo("SUPPORTED"));
            // the one status change (INCONCLUSIVE -> SUPPORTED) was published once: read for 5 s whether a second comes
            assertThat(statusEvents(id, 1, Duration.ofSeconds(5))).as(phase).hasSize(1);
        }
    }

    @Test
    void aBadEventIsParkedAndTheRestOfItsBatchIsStored() throws Exception {
        String subject = subject();
        String id = decisionWithCriterion(subject);
        VerdictEvent<EvidenceReported> good1 = event(subject, null, 0.91);
        VerdictEvent<EvidenceReported> bad = event(subject, "ADR-99999", 0.91);
        VerdictEvent<EvidenceReported> good2 = event(subject, null, 0.92);
        long malformedBefore = dead("MALFORMED_JSON", null); // other tests park malformed records too
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (VerdictEvent<EvidenceReported> e : List.of(good1, bad, good2)) {
                producer.send(new ProducerRecord<>(Topics.BENCHMARKS, subject, codec.encode(e)));
            }
            producer.send(new ProducerRecord<>(Topics.BENCHMARKS, subject, "not a cloud event".getBytes()))
                    .get();
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> evidenceCount(good1.id()) == 1 && evidenceCount(good2.id()) == 1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> dead("INVALID_EVIDENCE", bad.id().toString()) == 1);
        assertThat(deadError(bad.id().toString())).isEqualTo("evidence names decision ADR-99999, which does not exist");
        await().atMost(Duration.ofSeconds(30)).until(() -> dead("MALFORMED_JSON", null) > malformedBefore);
        assertThat(evidenceCount(bad.id())).isZero();
        as("viewer").get("/api/decisions/" + id + "/evidence").then().body("items.size()", equalTo(2));
    }

    /**
     * benchmark-harness' {@code publish}: one comparison-completed event whose items become evidence rows, linked to
     * the decision it names; a second publish of the same comparison (same event id) stores nothing new.
     */
    @Test
    void aPublishedJdkComparisonBecomesEvidenceAndDecidesTheCriterion() throws Exception {
        String subject = subject();
        String id = as("engineer")
                .body(Api.decision(
                        "Run " + subject + " on JDK 25",
                        "criteria",
                        List.of(Map.of(
                                "text",
                                "benchmark \"cpu-time-per-op\" ratio(jdk25/jdk17) estimate <= 0.90 with n >= 10 and gates passed"
                                        + " within 30d"))))
                .post("/api/decisions")
                .path("id");
        as("viewer").get("/api/decisions/" + id).then().body("evidenceStatus", equalTo("INCONCLUSIVE"));

        VerdictEvent<ComparisonCompleted> event = comparison(subject, id, 0.87);
        VerdictEvent<EvidenceReported> marker = event(subject(), null, 0.91);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.BENCHMARKS, subject, codec.encode(event)))
                    .get();
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        as("viewer").get("/api/decisions/" + id).then().body("evidenceStatus", equalTo("SUPPORTED")));
        assertThat(evidenceCount(event.id())).isEqualTo(4);
        as("viewer")
                .get("/api/decisions/" + id + "/evidence")
                .then()
                .body("items.size()", equalTo(4))
                .body(
                        "items.provenance.sourceEventId",
                        everyItem(equalTo(event.id().toString())))
                .body("items.provenance.runId", everyItem(equalTo("run-42")))
                .body(
                        "items.metric",
                        hasItems(
                                "cpu-time-per-op",
                                "time-per-op",
                                "dev.verdict.Json.parse",
                                "dev.verdict.Json.parse:cpu-time-per-op"));
        String deciding =
                as("viewer").get("/api/decisions/" + id + "/evaluation").path("results[0].decidingEvidence");
        as("viewer")
                .get("/api/evidence/" + deciding)
                .then()
                .body("metric", equalTo("cpu-time-per-op"))
                .body("result.estimate", equalTo(0.87f));
        as("viewer")
                .get("/api/decisions/" + id + "/timeline")
                .then()
                .body("items.findAll { it.kind == 'evidence' }.size()", equalTo(4))
                .body("items.findAll { it.kind == 'evidence-status' }.summary", hasItem(containsString("SUPPORTED")));

        // publish the same comparison again, then a marker on the same partition: once the marker is stored, the
        // copy was consumed before it
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.BENCHMARKS, subject, codec.encode(event)))
                    .get();
            producer.send(new ProducerRecord<>(Topics.BENCHMARKS, subject, codec.encode(marker)))
                    .get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> evidenceCount(marker.id()) == 1);
        assertThat(evidenceCount(event.id())).isEqualTo(4);
        as("viewer")
                .get("/api/decisions/" + id + "/timeline")
                .then()
                .body("items.findAll { it.kind == 'evidence' }.size()", equalTo(4));
    }

    /**
     * A canary judgement as deploy-orchestrator publishes it (verdict.deploy.v1, one item per metric with the judge's
     * classification, and the summary score) decides a canary criterion of a decision that names the component.
     */
    @Test
    void aCanaryJudgementFromTheOrchestratorDecidesACanaryCriterion() throws Exception {
        String subject = subject();
        String id = as("engineer")
                .body(Api.decision(
                        "Ship " + subject + " only if its canary is not slower",
                        "affectedEntities",
                        List.of(subject),
                        "criteria",
                        List.of(Map.of("text", "canary \"latency-mean\" classification != High within 30d"))))
                .post("/api/decisions")
                .path("id");
        as("viewer").get("/api/decisions/" + id).then().body("evidenceStatus", equalTo("INCONCLUSIVE"));
        Instant end = Instant.now().truncatedTo(ChronoUnit.MICROS);
        EvidenceReported.Provenance provenance = new EvidenceReported.Provenance(
                "deploy-orchestrator",
                UUID.randomUUID().toString(),
                Map.of("judge", "NetflixACAJudge-v1.0 (verdict-judge 1)", "pass", "95.0", "marginal", "75.0"),
                "c0ffee",
                new EvidenceReported.Environment(
                        null, null, null, "Linux", Map.of("canaryVersion", "1.2.0-slow", "baselineVersion", "1.0.0")),
                "1.2.0-slow",
                end.minusSeconds(30),
                end);
        EvidenceReported latency = new EvidenceReported(
                "canary",
                subject,
                null,
                "latency-mean",
                "ratio(canary/baseline)",
                provenance,
                new EvidenceReported.Measurements(
                        null,
                        List.of(
                                new EvidenceReported.Group("baseline", 15, Map.of("mean", 21.0), null, null),
                                new EvidenceReported.Group("canary", 15, Map.of("mean", 27.4), null, null))),
                new EvidenceReported.Result(
                        "mann-whitney-hodges-lehmann (NetflixACAJudge-v1.0)",
                        1.30,
                        4.9,
                        7.1,
                        0.98,
                        1e-5,
                        15L,
                        15L,
                        "High"),
                List.of(),
                null,
                "latency-mean was classified as High");
        EvidenceReported score = new EvidenceReported(
                "canary",
                subject,
                null,
                "canary-score",
                null,
                provenance,
                null,
                new EvidenceReported.Result("weighted group score", 40.0, null, null, null, null, null, null, "Fail"),
                List.of(),
                null,
                "score 40 is below the marginal threshold 75");
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (EvidenceReported e : List.of(latency, score)) {
                producer.send(new ProducerRecord<>(
                                Topics.DEPLOY,
                                subject,
                                codec.encode(VerdictEvent.create(
                                        EvidenceEvents.DEPLOY_EVIDENCE, "deploy-orchestrator", subject, e))))
                        .get();
            }
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> as("viewer")
                        .get("/api/decisions/" + id)
                        .then()
                        .body("evidenceStatus", equalTo("CONTRADICTED")));
        as("viewer")
                .get("/api/decisions/" + id + "/evidence")
                .then()
                .body("items.kind", everyItem(equalTo("canary")))
                .body("items.metric", hasItems("latency-mean"))
                .body("items.provenance.producer", everyItem(equalTo("deploy-orchestrator")));
    }

    /**
     * A comparison with two bad items (one without a statistical result, one naming an unknown decision): the two
     * good items are stored, linked and decide the criterion; the event is parked once, naming the two bad items and
     * why. Published again, nothing more is stored (the bad items are reported again, for that record).
     */
    @Test
    void aComparisonWithBadItemsStoresTheGoodOnesAndReportsTheBadOnes() throws Exception {
        String subject = subject();
        String id = as("engineer")
                .body(Api.decision(
                        "Run " + subject + " on JDK 25",
                        "criteria",
                        List.of(Map.of(
                                "text",
                                "benchmark \"cpu-time-per-op\" ratio(jdk25/jdk17) estimate <= 0.90 with n >= 10 and gates passed"
                                        + " within 30d"))))
                .post("/api/decisions")
                .path("id");
        VerdictEvent<ComparisonCompleted> good = comparison(subject, id, 0.87);
        List<EvidenceReported> items = new ArrayList<>(good.data().evidence());
        EvidenceReported third = items.get(2);
        items.set(
                2,
                new EvidenceReported(
                        third.kind(),
                        third.subject(),
                        third.decision(),
                        third.metric(),
                        third.comparison(),
                        third.provenance(),
                        third.measurements(),
                        null,
                        third.gates(),
                        null,
                        null));
        EvidenceReported fourth = items.get(3);
        items.set(
                3,
                new EvidenceReported(
                        fourth.kind(),
                        fourth.subject(),
                        "ADR-99998",
                        fourth.metric(),
                        fourth.comparison(),
                        fourth.provenance(),
                        fourth.measurements(),
                        fourth.result(),
                        fourth.gates(),
                        null,
                        null));
        ComparisonCompleted c = good.data();
        VerdictEvent<ComparisonCompleted> event = new VerdictEvent<>(
                UUID.randomUUID(),
                good.source(),
                good.type(),
                subject,
                good.time(),
                new ComparisonCompleted(
                        c.comparisonId(),
                        c.runId(),
                        c.subject(),
                        c.decision(),
                        c.baseline(),
                        c.candidate(),
                        c.complete(),
                        c.classifications(),
                        items));
        VerdictEvent<EvidenceReported> marker = event(subject(), null, 0.91);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.BENCHMARKS, subject, codec.encode(event)))
                    .get();
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> dead("INVALID_EVIDENCE", event.id().toString()) == 1);
        assertThat(evidenceCount(event.id())).isEqualTo(2);
        assertThat(deadError(event.id().toString()))
                .isEqualTo("2 of 4 evidence items rejected (the others are"
                        + " stored): item 2 (metric \"dev.verdict.Json.parse\"): invalid evidence: benchmark evidence needs a"
                        + " statistical result; item 3 (metric \"dev.verdict.Json.parse:cpu-time-per-op\"): evidence names"
                        + " decision ADR-99998, which does not exist");
        as("viewer").get("/api/decisions/" + id).then().body("evidenceStatus", equalTo("SUPPORTED"));
        as("viewer")
                .get("/api/decisions/" + id + "/evidence")
                .then()
                .body("items.size()", equalTo(2))
                .body("items.metric", hasItems("cpu-time-per-op", "time-per-op"));
        as("viewer")
                .get("/api/decisions/" + id + "/timeline")
                .then()
                .body("items.findAll { it.kind == 'evidence' }.size()", equalTo(2));

        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.BENCHMARKS, subject, codec.encode(event)))
                    .get();
            producer.send(new ProducerRecord<>(Topics.BENCHMARKS, subject, codec.encode(marker)))
                    .get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> evidenceCount(marker.id()) == 1);
        assertThat(evidenceCount(event.id())).isEqualTo(2);
        as("viewer")
                .get("/api/decisions/" + id + "/timeline")
                .then()
                .body("items.findAll { it.kind == 'evidence' }.size()", equalTo(2));
    }

    private String deadError(String eventId) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select error from verdict_inbox_dead where consumer = 'decision-records.evidence' and event_id = ?"
                                + " order by id limit 1")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Shaped like benchmark-harness' EvidenceMapper: two suite-wide geometric means, then per benchmark two items. */
    private static VerdictEvent<ComparisonCompleted> comparison(String subject, String decision, double cpuRatio) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String comparison = "ratio(jdk25/jdk17)";
        EvidenceReported.Provenance provenance = new EvidenceReported.Provenance(
                "benchmark-harness",
                "run-42",
                Map.of("forks", "5", "forkJvmArgs", "-Xmx512m"),
                "cfg-hash",
                new EvidenceReported.Environment(
                        "Eclipse Adoptium",
                        "25.0.1",
                        "Xeon",
                        "Linux",
                        Map.of("baseline.label", "jdk17", "candidate.label", "jdk25")),
                "9f2c1ab",
                end.minusSeconds(3600),
                end);
        List<EvidenceReported.Gate> gates = List.of(
                new EvidenceReported.Gate("load", true, null),
                new EvidenceReported.Gate("coverage", true, "12 of 12 benchmarks compared"));
        List<EvidenceReported> items = new ArrayList<>();
        for (String metric : List.of("time-per-op", "cpu-time-per-op")) {
            double ratio = metric.equals("time-per-op") ? 0.95 : cpuRatio;
            items.add(new EvidenceReported(
                    "benchmark",
                    subject,
                    decision,
                    metric,
                    comparison,
                    provenance,
                    new EvidenceReported.Measurements(
                            "ratio",
                            List.of(new EvidenceReported.Group(
                                    "ratios(jdk25/jdk17)", 12, Map.of("geometricMean", ratio), List.of(ratio), null))),
                    new EvidenceReported.Result(
                            "geometric mean of ratios",
                            ratio,
                            ratio - 0.03,
                            ratio + 0.02,
                            0.95,
                            null,
                            12L,
                            12L,
                            "better"),
                    gates,
                    null,
                    null));
        }
        for (String metric : List.of("dev.verdict.Json.parse", "dev.verdict.Json.parse:cpu-time-per-op")) {
            items.add(new EvidenceReported(
                    "benchmark",
                    subject,
                    decision,
                    metric,
                    comparison,
                    provenance,
                    new EvidenceReported.Measurements(
                            "ns/op",
                            List.of(
                                    new EvidenceReported.Group(
                                            "jdk17",
                                            5,
                                            Map.of("mean", 810.0),
                                            List.of(800.0, 805.0, 810.0, 815.0, 820.0),
                                            null),
                                    new EvidenceReported.Group(
                                            "jdk25",
                                            5,
                                            Map.of("mean", 730.0),
                                            List.of(720.0, 725.0, 730.0, 735.0, 740.0),
                                            null))),
                    new EvidenceReported.Result(
                            "bootstrap ratio of means", 0.9, 0.88, 0.92, 0.95, 0.01, 5L, 5L, "better"),
                    gates,
                    null,
                    null));
        }
        ComparisonCompleted data = new ComparisonCompleted(
                "c0ffee" + UUID.randomUUID(),
                "run-42",
                subject,
                decision,
                "jdk17",
                "jdk25",
                true,
                Map.of("better", 1),
                items);
        UUID eventId = UUID.nameUUIDFromBytes((BenchmarkEvents.COMPARISON_COMPLETED.name() + "|" + data.comparisonId()
                        + "|" + subject + "|" + decision)
                .getBytes(StandardCharsets.UTF_8));
        return new VerdictEvent<>(
                eventId, "/verdict/benchmark-harness", BenchmarkEvents.COMPARISON_COMPLETED.name(), subject, end, data);
    }

    private VerdictEvent<EvidenceReported> event(String subject, String decision, double upper) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.MICROS);
        EvidenceReported data = new EvidenceReported(
                "benchmark",
                subject,
                decision,
                "cpu-time-per-op",
                "ratio(jdk25/jdk17)",
                new EvidenceReported.Provenance(
                        "benchmark-harness", "job", Map.of(), null, null, "abc", end.minusSeconds(60), end),
                null,
                new EvidenceReported.Result("bootstrap", upper - 0.02, upper - 0.04, upper, 0.95, null, 30L, 30L, null),
                List.of(new EvidenceReported.Gate("steady-state", true, null)),
                null,
                null);
        return VerdictEvent.create(EvidenceEvents.BENCHMARK_EVIDENCE, "benchmark-harness", subject, data);
    }

    private long dead(String reason, String eventId) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select count(*) from verdict_inbox_dead where consumer = 'decision-records.evidence' and reason = ?"
                                + " and (cast(? as text) is null or event_id = ?)")) {
            ps.setString(1, reason);
            ps.setString(2, eventId);
            ps.setString(3, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void theStalenessJobMarksOldEvidenceStale() {
        String subject = subject();
        String id = decisionWithCriterion(subject);
        as("engineer")
                .body(Api.benchmark(subject, id, 0.9, Instant.now().minus(Duration.ofDays(20))))
                .post("/api/evidence")
                .then()
                .statusCode(201);
        as("viewer").get("/api/decisions/" + id).then().body("evidenceStatus", equalTo("SUPPORTED"));
        staleness.run(Instant.now().plus(Duration.ofDays(15)));
        as("viewer")
                .get("/api/decisions/" + id)
                .then()
                .body("evidenceStatus", equalTo("STALE"))
                .body("evidenceExplanation", containsString("older than max-age 30d"));
        as("viewer")
                .get("/api/decisions/" + id + "/evaluation")
                .then()
                .statusCode(200)
                .body("results[0].criterion.id", equalTo("cpu"));
    }

    private long evidenceCount(UUID eventId) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("select count(*) from evidence where source_event_id = ?")) {
            ps.setString(1, eventId.toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestKafka.get().bootstrapServers());
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Reads verdict.decisions.v1 from the beginning until {@code count} status events of {@code decision} are seen. */
    private List<EvidenceStatusChanged> statusEvents(String decision, int count) {
        return statusEvents(decision, count, Duration.ZERO);
    }

    /** As above, then reads {@code settle} longer, so that a status event beyond {@code count} would show. */
    private List<EvidenceStatusChanged> statusEvents(String decision, int count, Duration settle) {
        return TopicReader.of(TestKafka.get().bootstrapServers(), Topics.DECISIONS)
                .key(decision)
                .filter(r -> statusChanged(r).isPresent())
                .settle(settle)
                .read(count)
                .stream()
                .map(r -> statusChanged(r).orElseThrow())
                .toList();
    }

    private Optional<EvidenceStatusChanged> statusChanged(ConsumerRecord<String, byte[]> r) {
        return codec.decode(r.value()).dataAs(DecisionEvents.EVIDENCE_STATUS_CHANGED);
    }
}
