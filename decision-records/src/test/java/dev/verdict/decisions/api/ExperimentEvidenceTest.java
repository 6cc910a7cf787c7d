package dev.verdict.decisions.api;

import static dev.verdict.decisions.api.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.verdict.events.EventCodec;
import dev.verdict.events.Topics;
import dev.verdict.events.VerdictEvent;
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
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The results of an A/B experiment reach decision-records as evidence: deploy-orchestrator's analysis snapshots,
 * built here field by field as its {@code Snapshots.publish} builds them (one {@code experiment} evidence item per
 * comparison, on {@code verdict.experiments.v1}, keyed by component), decide the demo's "Ship the one-page checkout"
 * ADR (infra/demo/decisions/0004), imported as the demo loader imports it. Real Kafka and PostgreSQL throughout.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "decisions"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = "client-id", value = "decision-records"))
@WithTestResource(TopicsResource.class)
class ExperimentEvidenceTest {

    /** The demo ADR the experiment decides; read from the repository so a change to it shows here. */
    private static final Path DEMO_ADR =
            Path.of("..", "infra", "demo", "decisions", "0004-ship-the-one-page-checkout.md");

    private static final String DEMO_COMPONENT = "component:default/payments-api";
    private static final String PRODUCER = "deploy-orchestrator/experiments";
    private static final String METHOD =
            "CUPED-adjusted relative lift, normal-mixture confidence sequence (anytime-valid)";
    private static final double ALPHA = 0.05;

    private static final JsonPathConfig DOUBLES =
            JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE);

    @Inject
    EventCodec codec;

    @Inject
    AgroalDataSource ds;

    /**
     * One snapshot of one phase as deploy-orchestrator's analysis stores it: the arm counts and means, the CUPED
     * estimate, the confidence sequence, the sample-ratio test, the status and the recommendation.
     */
    private record Snapshot(
            String experiment,
            int phase,
            String seed,
            Instant phaseStarted,
            Instant at,
            long nControl,
            long nTreatment,
            double meanControl,
            double meanTreatment,
            double estimate,
            double lower,
            double upper,
            double alwaysValidP,
            double srmP,
            String status,
            String recommendation) {

        boolean srmMismatch() {
            return srmP < 0.001;
        }

        /** SHA-256 of the definition with its phase and seed, as ExperimentService.hash computes it. */
        String definitionHash() {
            Map<String, Object> definition = new LinkedHashMap<>();
            definition.put("key", experiment);
            definition.put("component", DEMO_COMPONENT);
            definition.put("hypothesis", "the one-page checkout raises the order value per shopper");
            definition.put(
                    "variations",
                    List.of(
                            Map.of("key", "control", "name", "Four-step checkout"),
                            Map.of("key", "treatment", "name", "One-page checkout")));
            definition.put("weights", List.of(0.5, 0.5));
            definition.put("metrics", Map.of("primary", "order-value"));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("definition", definition);
            m.put("phase", phase);
            m.put("seed", seed);
            return CanonicalJson.contentHash(m);
        }
    }

    private static String subject() {
        return "component:default/checkout-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Imports the demo ADR as the demo loader does ({@code POST /api/import}, format madr), renumbered because the
     * test database holds other decisions, with its component replaced by {@code subject}.
     */
    private static String importDemoAdr(String subject) throws Exception {
        String content = Files.readString(DEMO_ADR).replace(DEMO_COMPONENT, subject);
        assertThat(content).contains(subject);
        Response r = as("architect")
                .body(Map.of(
                        "format",
                        "madr",
                        "source",
                        "Verdict demo data",
                        "renumber",
                        true,
                        "files",
                        List.of(Map.of("path", "docs/decisions/" + DEMO_ADR.getFileName(), "content", content))))
                .post("/api/import");
        r.then().statusCode(201).body("stored.size()", equalTo(1));
        return r.path("stored[0]");
    }

    /**
     * The demo's experiment: a positive lift proven (phase 1), then a sample ratio mismatch in the same phase that
     * withdraws it, then a new phase whose confidence sequence first includes no change (inconclusive) and then
     * excludes it on the wrong side (contradicted); the first snapshot delivered three times.
     */
    @Test
    void theExperimentsSnapshotsDecideTheCheckoutAdr() throws Exception {
        String subject = subject();
        String id = importDemoAdr(subject);
        as("viewer")
                .get("/api/decisions/" + id)
                .then()
                .statusCode(200)
                .body("title", equalTo("Ship the one-page checkout"))
                .body("affectedEntities", equalTo(List.of(subject)))
                .body("criteria.size()", equalTo(1))
                .body("criteria[0].id", equalTo("order-value-lift"))
                .body("criteria[0].kind", equalTo("experiment"))
                .body("criteria[0].metric", equalTo("order-value"))
                .body("criteria[0].comparison", equalTo("lift(treatment/control)"))
                .body("criteria[0].statistic", equalTo("ci.lower"))
                .body("criteria[0].comparator", equalTo(">"))
                .body("criteria[0].threshold", equalTo("0"))
                .body("criteria[0].requireGates", equalTo(true))
                .body("criteria[0].maxAge", equalTo("30d"))
                .body("evidenceStatus", equalTo("INCONCLUSIVE"));

        String experiment = "new-checkout-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        Instant phase1 = now.minus(Duration.ofHours(2));
        // a proven positive lift: the confidence sequence excludes no change; sample ratio as planned
        Snapshot proven = new Snapshot(
                experiment,
                1,
                experiment,
                phase1,
                now.minus(Duration.ofMinutes(30)),
                5210,
                5190,
                41.20,
                43.01,
                0.0439,
                0.0123,
                0.0761,
                0.0031,
                0.846,
                "conclusive",
                "conclusive: treatment raises order-value by +4.39% (confidence sequence [+1.23%, +7.61%], always-valid"
                        + " p = 0.0031)");
        VerdictEvent<EvidenceReported> first = event(proven, subject, id);
        // delivered twice back to back: whether both land in one poll or in two, one evidence item
        publish(subject, first, first);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        as("viewer").get("/api/decisions/" + id).then().body("evidenceStatus", equalTo("SUPPORTED")));
        String firstItem = itemOf(id, first);
        assertThat(evidenceCount(first.id())).isEqualTo(1);
        as("viewer")
                .get("/api/decisions/" + id + "/evaluation")
                .then()
                .statusCode(200)
                .body("status", equalTo("SUPPORTED"))
                .body("results[0].criterion.id", equalTo("order-value-lift"))
                .body("results[0].outcome", equalTo("SATISFIED"))
                .body("results[0].decidingEvidence", equalTo(firstItem))
                .body("results[0].observed", equalTo("0.0123"))
                .body(
                        "results[0].explanation",
                        equalTo("evidence " + firstItem + ": ci.lower = 0.0123 satisfies > 0."));
        as("viewer")
                .get("/api/decisions/" + id)
                .then()
                .body(
                        "evidenceExplanation",
                        equalTo(
                                "Supported: all 1 criteria are satisfied by current evidence. order-value-lift: evidence "
                                        + firstItem + ": ci.lower = 0.0123 satisfies > 0."));
        assertStoredWithProvenance(firstItem, first, proven, id);

        // the same phase a little later: the sample ratio test fails (the lift alone would still pass)
        Snapshot mismatched = new Snapshot(
                experiment,
                1,
                experiment,
                phase1,
                now.minus(Duration.ofMinutes(20)),
                6010,
                5400,
                41.31,
                43.25,
                0.0470,
                0.0180,
                0.0760,
                0.0012,
                1.2e-8,
                "blocked",
                "blocked: sample ratio mismatch, p = 1.2e-08: observed [6010, 5400] against the planned [0.5, 0.5]; the"
                        + " assignment or the exposure logging is broken, no result can be trusted");
        // the phase's snapshots are cumulative: the orchestrator's later snapshot supersedes the earlier one
        VerdictEvent<EvidenceReported> second = event(mismatched, subject, id, first);
        publish(subject, second);
        await().atMost(Duration.ofSeconds(30)).until(() -> evidenceCount(second.id()) == 1);
        String secondItem = itemOf(id, second);
        assertThat(secondItem).isEqualTo(EvidenceReported.itemId(second.id(), 0).toString());
        as("viewer")
                .get("/api/evidence/" + secondItem)
                .then()
                .body("supersedes", equalTo(firstItem))
                .body("gates[0].name", equalTo("sample-ratio"))
                .body("gates[0].passed", equalTo(false))
                .body("gates[0].detail", equalTo("chi-square p = 1.20e-08 (blocks below 0.001)"))
                .body("result.classification", equalTo("blocked"));
        // the mismatch found later withdraws the lift found earlier: the superseded snapshot no longer counts, and
        // with require-gates the blocked one is not usable, so nothing decides
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> as("viewer")
                        .get("/api/decisions/" + id)
                        .then()
                        .body("evidenceStatus", equalTo("INCONCLUSIVE")));
        as("viewer")
                .get("/api/decisions/" + id + "/evaluation")
                .then()
                .body("status", equalTo("INCONCLUSIVE"))
                .body("results[0].outcome", equalTo("INCONCLUSIVE"))
                .body("results[0].matching", equalTo(1))
                .body(
                        "results[0].explanation",
                        containsString(" is usable: " + secondItem + " (quality gates failed: sample-ratio)."));

        // the team fixes the assignment and starts phase 2 (a new seed, so a new definition hash): its first
        // snapshot passes the sample ratio test but its confidence sequence still includes no change
        Instant phase2 = now.minus(Duration.ofMinutes(15));
        Snapshot running = new Snapshot(
                experiment,
                2,
                UUID.randomUUID().toString(),
                phase2,
                now.minus(Duration.ofMinutes(5)),
                820,
                812,
                41.05,
                41.91,
                0.0210,
                -0.0412,
                0.0838,
                0.61,
                0.844,
                "running",
                "keep running: order-value on treatment is +2.10% so far, but the confidence sequence [-4.12%, +8.38%]"
                        + " still includes no change");
        assertThat(running.definitionHash()).isNotEqualTo(proven.definitionHash());
        VerdictEvent<EvidenceReported> third = event(running, subject, id);
        publish(subject, third);
        await().atMost(Duration.ofSeconds(30)).until(() -> evidenceCount(third.id()) == 1);
        String thirdItem = itemOf(id, third);
        // ADR-0005: ci.lower -0.0412 fails "> 0" but ci.upper passes it: the sequence cannot tell yet, which is
        // INCONCLUSIVE ("keep running"), not a contradiction
        as("viewer")
                .get("/api/decisions/" + id + "/evaluation")
                .then()
                .body("status", equalTo("INCONCLUSIVE"))
                .body("results[0].outcome", equalTo("INCONCLUSIVE"))
                .body("results[0].decidingEvidence", equalTo(thirdItem))
                .body("results[0].observed", equalTo("-0.0412"))
                .body(
                        "results[0].explanation",
                        equalTo(
                                "evidence " + thirdItem + ": ci.lower = -0.0412 does not satisfy > 0, but ci.upper ="
                                        + " 0.0838 does: the interval holds values on both sides of 0, so it cannot tell yet."));

        // more shoppers: the sequence now excludes no change, on the wrong side; this snapshot supersedes the last
        Snapshot harmful = new Snapshot(
                experiment,
                2,
                running.seed(),
                phase2,
                now.minus(Duration.ofMinutes(1)),
                4210,
                4188,
                41.90,
                39.80,
                -0.0501,
                -0.0877,
                -0.0118,
                0.004,
                0.72,
                "conclusive",
                "stop: order-value on treatment is -5.01% (confidence sequence [-8.77%, -1.18%]); keep control");
        VerdictEvent<EvidenceReported> fourth = event(harmful, subject, id, third);
        publish(subject, fourth);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> as("viewer")
                        .get("/api/decisions/" + id)
                        .then()
                        .body("evidenceStatus", equalTo("CONTRADICTED")));
        String fourthItem = itemOf(id, fourth);
        as("viewer")
                .get("/api/decisions/" + id + "/evaluation")
                .then()
                .body("status", equalTo("CONTRADICTED"))
                .body("results[0].outcome", equalTo("VIOLATED"))
                .body("results[0].decidingEvidence", equalTo(fourthItem))
                .body(
                        "results[0].explanation",
                        equalTo("evidence " + fourthItem + ": ci.lower = -0.0877 violates > 0."));
        as("viewer")
                .get("/api/evidence/" + thirdItem)
                .then()
                .body("provenance.runId", equalTo(experiment + "/phase-2"))
                .body("provenance.configHash", equalTo(running.definitionHash()))
                .body("provenance.config.phase", equalTo("2"))
                .body("provenance.config.seed", equalTo(running.seed()));

        // the first snapshot once more, then a marker on the same partition: once the marker is stored, the copy was
        // consumed before it, and it changed nothing
        VerdictEvent<EvidenceReported> marker = event(proven, subject(), null);
        publish(subject, first, marker);
        await().atMost(Duration.ofSeconds(30)).until(() -> evidenceCount(marker.id()) == 1);
        assertThat(evidenceCount(first.id())).isEqualTo(1);
        assertThat(evidenceCount(second.id())).isEqualTo(1);
        assertThat(evidenceCount(third.id())).isEqualTo(1);
        assertThat(evidenceCount(fourth.id())).isEqualTo(1);
        as("viewer")
                .queryParam("kind", "experiment")
                .get("/api/decisions/" + id + "/evidence")
                .then()
                .body("items.size()", equalTo(4))
                .body("items.id", containsInAnyOrder(firstItem, secondItem, thirdItem, fourthItem));
        as("viewer")
                .get("/api/decisions/" + id + "/timeline")
                .then()
                .body("items.findAll { it.kind == 'evidence' }.size()", equalTo(4))
                .body("items.findAll { it.kind == 'evidence-status' }.size()", equalTo(3));
        as("viewer").get("/api/decisions/" + id).then().body("evidenceStatus", equalTo("CONTRADICTED"));

        // three status changes published, no more: the inconclusive phase-2 look and the copies moved nothing
        List<EvidenceStatusChanged> events = statusEvents(id, 3, Duration.ofSeconds(3));
        assertThat(events)
                .extracting(EvidenceStatusChanged::status)
                .containsExactly("SUPPORTED", "INCONCLUSIVE", "CONTRADICTED");
        assertThat(events)
                .extracting(EvidenceStatusChanged::previousStatus)
                .containsExactly("INCONCLUSIVE", "SUPPORTED", "INCONCLUSIVE");
        assertThat(events.get(0).decidingEvidence()).containsExactly(firstItem);
        assertThat(events.get(2).decidingEvidence()).containsExactly(fourthItem);
    }

    /**
     * An experiment that names no decision, whose only snapshot has a sample ratio mismatch: linked by its
     * component and the criterion, stored, and not usable, so the criterion stays INCONCLUSIVE although its ci.lower
     * is above zero.
     */
    @Test
    void aSnapshotWithASampleRatioMismatchIsStoredButDecidesNothing() throws Exception {
        String subject = subject();
        String id = importDemoAdr(subject);
        String experiment = "new-checkout-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        Snapshot blocked = new Snapshot(
                experiment,
                1,
                experiment,
                now.minus(Duration.ofHours(1)),
                now,
                3105,
                2702,
                40.80,
                42.90,
                0.0515,
                0.0102,
                0.0930,
                0.004,
                1.1e-7,
                "blocked",
                "blocked: sample ratio mismatch, p = 1.1e-07: observed [3105, 2702] against the planned [0.5, 0.5]; the"
                        + " assignment or the exposure logging is broken, no result can be trusted");
        VerdictEvent<EvidenceReported> event = event(blocked, subject, null);
        publish(subject, event);
        await().atMost(Duration.ofSeconds(30)).until(() -> evidenceCount(event.id()) == 1);
        String item = itemOf(id, event);
        as("viewer")
                .get("/api/evidence/" + item)
                .then()
                .body("decision", nullValue())
                .body("subject", equalTo(subject))
                .body("gates[0].passed", equalTo(false));
        as("viewer")
                .get("/api/decisions/" + id + "/evaluation")
                .then()
                .body("status", equalTo("INCONCLUSIVE"))
                .body("results[0].outcome", equalTo("INCONCLUSIVE"))
                .body("results[0].decidingEvidence", nullValue())
                .body(
                        "results[0].explanation",
                        equalTo("none of 1 experiment evidence for \"order-value\" lift(treatment/control) is usable: "
                                + item + " (quality gates failed: sample-ratio)."));
        as("viewer").get("/api/decisions/" + id).then().body("evidenceStatus", equalTo("INCONCLUSIVE"));
        as("viewer")
                .get("/api/decisions/" + id + "/timeline")
                .then()
                .body("items.findAll { it.kind == 'evidence' }.size()", equalTo(1))
                .body("items.findAll { it.kind == 'evidence-status' }.size()", equalTo(0));
    }

    /** Checks the stored item field by field against the snapshot it came from, and its content hash. */
    private void assertStoredWithProvenance(
            String item, VerdictEvent<EvidenceReported> event, Snapshot s, String decision) {
        Response r = as("viewer").get("/api/evidence/" + item);
        r.then().statusCode(200);
        JsonPath j = r.jsonPath(DOUBLES);
        assertThat(j.getString("kind")).isEqualTo("experiment");
        assertThat(j.getString("subject")).isEqualTo(event.data().subject());
        assertThat(j.getString("decision")).isEqualTo(decision);
        assertThat(j.getString("metric")).isEqualTo("order-value");
        assertThat(j.getString("comparison")).isEqualTo("lift(treatment/control)");
        assertThat(j.getString("provenance.producer")).isEqualTo(PRODUCER);
        assertThat(j.getString("provenance.runId")).isEqualTo(s.experiment() + "/phase-" + s.phase());
        assertThat(j.getString("provenance.sourceEventId")).isEqualTo(event.id().toString());
        assertThat(j.getString("provenance.configHash")).isEqualTo(s.definitionHash());
        assertThat(j.getMap("provenance.config", String.class, String.class))
                .containsExactlyInAnyOrderEntriesOf(event.data().provenance().config());
        assertThat(Instant.parse(j.getString("provenance.windowStart")))
                .isEqualTo(s.phaseStarted().truncatedTo(ChronoUnit.MICROS));
        assertThat(Instant.parse(j.getString("provenance.windowEnd"))).isEqualTo(s.at().truncatedTo(ChronoUnit.MICROS));
        assertThat(j.getString("measurements.unit")).isEqualTo("relative lift");
        assertThat(j.getList("measurements.groups.name", String.class)).containsExactly("control", "treatment");
        assertThat(j.getLong("measurements.groups[0].n")).isEqualTo(s.nControl());
        assertThat(j.getLong("measurements.groups[1].n")).isEqualTo(s.nTreatment());
        assertThat(j.getDouble("measurements.groups[0].summary.mean")).isEqualTo(s.meanControl());
        assertThat(j.getDouble("measurements.groups[1].summary.mean")).isEqualTo(s.meanTreatment());
        assertThat(j.getString("result.method")).isEqualTo(METHOD);
        assertThat(j.getDouble("result.estimate")).isEqualTo(s.estimate());
        assertThat(j.getDouble("result.ciLower")).isEqualTo(s.lower());
        assertThat(j.getDouble("result.ciUpper")).isEqualTo(s.upper());
        assertThat(j.getDouble("result.ciLevel")).isEqualTo(1 - ALPHA);
        assertThat(j.getDouble("result.pValue")).isEqualTo(s.alwaysValidP());
        assertThat(j.getLong("result.baselineN")).isEqualTo(s.nControl());
        assertThat(j.getLong("result.candidateN")).isEqualTo(s.nTreatment());
        assertThat(j.getString("result.classification")).isEqualTo(s.status());
        assertThat(j.getList("gates.name", String.class)).containsExactly("sample-ratio");
        assertThat(j.getBoolean("gates[0].passed")).isEqualTo(!s.srmMismatch());
        assertThat(j.getString("gates[0].detail"))
                .isEqualTo(event.data().gates().get(0).detail())
                .startsWith("chi-square p = ");
        assertThat(j.getString("notes")).isEqualTo(s.recommendation());
        String canonical = as("viewer")
                .get("/api/evidence/" + item + "/canonical")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(CanonicalJson.sha256Hex(canonical)).isEqualTo(j.getString("contentHash"));
        assertThat(canonical).contains(s.definitionHash());
        as("viewer")
                .get("/api/decisions/" + decision + "/timeline")
                .then()
                .body(
                        "items.findAll { it.kind == 'evidence' }.summary",
                        equalTo(List.of("experiment evidence " + item + " for \"order-value\"")));
    }

    /**
     * The event deploy-orchestrator's {@code Snapshots.publish} sends for the primary comparison of {@code s}:
     * {@code dev.verdict.experiment.evidence-reported.v1}, subject = the experiment's component, decision = its
     * decision ref.
     */
    private static VerdictEvent<EvidenceReported> event(Snapshot s, String component, String decision) {
        return event(s, component, decision, null);
    }

    /** @param supersedes the previous snapshot's event of the same phase, as Snapshots.publish names it, or null */
    private static VerdictEvent<EvidenceReported> event(
            Snapshot s, String component, String decision, VerdictEvent<EvidenceReported> supersedes) {
        Map<String, String> cfg = new LinkedHashMap<>();
        cfg.put("experiment", s.experiment());
        cfg.put("phase", Integer.toString(s.phase()));
        cfg.put("seed", s.seed());
        cfg.put("role", "primary");
        cfg.put("snapshot", UUID.randomUUID().toString());
        cfg.put("alpha", Double.toString(ALPHA));
        List<EvidenceReported.Gate> gates = List.of(new EvidenceReported.Gate(
                "sample-ratio",
                !s.srmMismatch(),
                String.format(Locale.ROOT, "chi-square p = %.3g (blocks below 0.001)", s.srmP())));
        EvidenceReported item = new EvidenceReported(
                "experiment",
                component,
                decision,
                "order-value",
                "lift(treatment/control)",
                new EvidenceReported.Provenance(
                        PRODUCER,
                        s.experiment() + "/phase-" + s.phase(),
                        cfg,
                        s.definitionHash(),
                        null,
                        null,
                        s.phaseStarted(),
                        s.at()),
                new EvidenceReported.Measurements(
                        "relative lift",
                        List.of(
                                new EvidenceReported.Group(
                                        "control", s.nControl(), Map.of("mean", s.meanControl()), null, null),
                                new EvidenceReported.Group(
                                        "treatment", s.nTreatment(), Map.of("mean", s.meanTreatment()), null, null))),
                new EvidenceReported.Result(
                        METHOD,
                        s.estimate(),
                        s.lower(),
                        s.upper(),
                        1 - ALPHA,
                        s.alwaysValidP(),
                        s.nControl(),
                        s.nTreatment(),
                        s.status()),
                gates,
                supersedes == null
                        ? null
                        : EvidenceReported.itemId(supersedes.id(), 0).toString(),
                s.recommendation());
        return VerdictEvent.create(EvidenceEvents.EXPERIMENT_EVIDENCE, "deploy-orchestrator", component, item);
    }

    /** Sends the events in order on verdict.experiments.v1, keyed by the component as the orchestrator keys them. */
    @SafeVarargs
    private void publish(String key, VerdictEvent<EvidenceReported>... events) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestKafka.get().bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (VerdictEvent<EvidenceReported> e : events) {
                producer.send(new ProducerRecord<>(Topics.EXPERIMENTS, key, codec.encode(e)))
                        .get();
            }
        }
    }

    /** The id of the one item of {@code decision}'s evidence that came in {@code event}. */
    private static String itemOf(String decision, VerdictEvent<EvidenceReported> event) {
        List<String> ids = as("viewer")
                .queryParam("limit", 500)
                .get("/api/decisions/" + decision + "/evidence")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.findAll { it.provenance.sourceEventId == '" + event.id() + "' }.id", String.class);
        assertThat(ids).as("items of event " + event.id()).hasSize(1);
        return ids.get(0);
    }

    /** Rows stored from {@code eventId}, linked or not. */
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

    /** Reads verdict.decisions.v1 until {@code count} status events of {@code decision}, then {@code settle} longer. */
    private List<EvidenceStatusChanged> statusEvents(String decision, int count, Duration settle) {
        return TopicReader.of(TestKafka.get().bootstrapServers(), Topics.DECISIONS)
                .key(decision)
                .filter(r -> codec.decode(r.value())
                        .dataAs(DecisionEvents.EVIDENCE_STATUS_CHANGED)
                        .isPresent())
                .settle(settle)
                .read(count)
                .stream()
                .map(r -> codec.decode(r.value())
                        .dataAs(DecisionEvents.EVIDENCE_STATUS_CHANGED)
                        .orElseThrow())
                .toList();
    }
}
