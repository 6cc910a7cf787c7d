package dev.verdict.deploy.experiment;

import static dev.verdict.deploy.deployment.DeployFixture.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.verdict.allocation.Assigner;
import dev.verdict.allocation.StickyBuckets;
import dev.verdict.deploy.deployment.DeployFixture;
import dev.verdict.events.EventCodec;
import dev.verdict.events.Topics;
import dev.verdict.events.experiment.ExperimentChanged;
import dev.verdict.experiments.sdk.Assignment;
import dev.verdict.experiments.sdk.VerdictExperiments;
import dev.verdict.testing.KeycloakAdmin;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import dev.verdict.testing.TestKafka;
import dev.verdict.testing.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sticky bucketing over REST and in the Java SDK (ADR-0006), on the real PostgreSQL, Kafka and Keycloak: the caller
 * sends a unit's sticky documents and gets back the ones to save; the SDK with a store and the endpoint give the same
 * assignments and the same documents through every kind of new phase; a unit keeps its variation in a new phase only
 * when the phase keeps the weights and says {@code keep}; a minimum bucket version excludes units bucketed before it;
 * bad documents are 422s naming each fault by JSON pointer.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "deploy"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "deploy-orchestrator"))
class ExperimentStickyBucketsTest {

    static final String SHOP = "component:default/shop-sticky";
    static final String EXCLUDED = Assigner.BLOCKED;

    @BeforeAll
    static void owners() throws Exception {
        KeycloakAdmin.join("engineer", "payments-team");
        DeployFixture.announce(SHOP, "group:default/payments-team");
    }

    static void createAndStart(String key) {
        as("engineer").body("""
                        {"key": "%s", "component": "shop-sticky",
                         "variations": ["control", "treatment"], "weights": [0.5, 0.5],
                         "forced": {"qa-user": 1}, "metrics": {"primary": "order-value"}}
                        """.formatted(key)).post("/api/experiments").then().statusCode(201);
        as("engineer").post("/api/experiments/" + key + "/start").then().statusCode(200);
    }

    static void newPhase(String key, String body, int phase, String existingUnits, int bucketVersion, int min) {
        as("engineer")
                .body(body)
                .post("/api/experiments/" + key + "/phases")
                .then()
                .statusCode(200)
                .body("summary.phase", equalTo(phase))
                .body("phases[" + (phase - 1) + "].existingUnits", equalTo(existingUnits))
                .body("phases[" + (phase - 1) + "].bucketVersion", equalTo(bucketVersion))
                .body("phases[" + (phase - 1) + "].minBucketVersion", equalTo(min));
    }

    static List<Map<String, Object>> units(int from, int count) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(Map.of("id", "u-" + i));
        }
        return out;
    }

    /** A batch allocation; {@code docs} one entry per unit, or null for no sticky bucketing at all. */
    static List<Map<String, Object>> allocate(String key, List<Map<String, Object>> units, List<Object> docs) {
        Map<String, Object> body = new HashMap<>();
        body.put("units", units);
        if (docs != null) {
            body.put("stickyBucketAssignmentDocs", docs);
        }
        return as("viewer")
                .body(body)
                .post("/api/experiments/" + key + "/allocations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("allocations");
    }

    /** Each unit's documents as the caller keeps them (all start empty). */
    static List<Object> emptyDocs(int n) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new LinkedHashMap<String, Object>());
        }
        return out;
    }

    /** What a caller does with the answer: saves the returned documents over its own. */
    @SuppressWarnings("unchecked")
    static void save(List<Object> docs, List<Map<String, Object>> results) {
        for (int i = 0; i < results.size(); i++) {
            Map<String, Object> changed = (Map<String, Object>) results.get(i).get("stickyBucketAssignmentDocs");
            ((Map<String, Object>) docs.get(i)).putAll(changed);
        }
    }

    static Map<String, Object> asJson(Map<String, StickyBuckets.Doc> docs) {
        Map<String, Object> out = new LinkedHashMap<>();
        docs.forEach((k, d) -> out.put(
                k,
                Map.of(
                        "attributeName", d.attributeName(),
                        "attributeValue", d.attributeValue(),
                        "assignments", d.assignments())));
        return out;
    }

    @Test
    void theSdkAndRestGiveTheSameAssignmentsAndDocumentsThroughEveryKindOfPhase() {
        String key = "sticky-parity";
        createAndStart(key);
        String viewer = KeycloakResource.accessToken("viewer");
        StickyBuckets.InMemoryStore store = new StickyBuckets.InMemoryStore();
        List<Object> restDocs = new ArrayList<>();
        String[] phases = {
            null,
            "{\"coverage\": 0.6, \"existingUnits\": \"keep\", \"reason\": \"slow enrollment\"}",
            "{\"weights\": [0.2, 0.8], \"reason\": \"ramp up\"}",
            "{\"existingUnits\": \"exclude\", \"reason\": \"fixed a bug\"}"
        };
        Map<String, Integer> reasons = new HashMap<>();
        for (int phase = 1; phase <= phases.length; phase++) {
            if (phases[phase - 1] != null) {
                as("engineer")
                        .body(phases[phase - 1])
                        .post("/api/experiments/" + key + "/phases")
                        .then()
                        .statusCode(200);
            }
            // every phase brings 1,000 new units next to the ones seen before
            List<Map<String, Object>> units = units(0, 2_000 + 1_000 * phase);
            restDocs.addAll(emptyDocs(units.size() - restDocs.size()));
            List<Map<String, Object>> rest = allocate(key, units, restDocs);
            save(restDocs, rest);
            try (VerdictExperiments sdk = VerdictExperiments.builder(
                            "http://localhost:" + RestAssured.port, () -> viewer)
                    .stickyBuckets(store)
                    .start()) {
                assertThat(sdk.phase(key)).isEqualTo(phase);
                for (int i = 0; i < units.size(); i++) {
                    Assignment a = sdk.assign(key, units.get(i));
                    Map<String, Object> r = rest.get(i);
                    assertThat(a.variation()).as("phase %d unit %d", phase, i).isEqualTo(r.get("variation"));
                    assertThat(a.inExperiment())
                            .as("phase %d unit %d", phase, i)
                            .isEqualTo(r.get("inExperiment"));
                    assertThat(a.reason()).as("phase %d unit %d", phase, i).isEqualTo(r.get("reason"));
                    assertThat(asJson(store.load(Map.of("id", "u-" + i))))
                            .as("phase %d unit %d", phase, i)
                            .isEqualTo(restDocs.get(i));
                    reasons.merge(phase + " " + a.reason(), 1, Integer::sum);
                }
            }
        }
        // every way through was taken: kept, newly hashed, left out by coverage, re-randomised, excluded
        assertThat(reasons.get("1 hashed")).isEqualTo(3_000);
        assertThat(reasons.get("2 sticky")).isEqualTo(3_000);
        assertThat(reasons.get("2 hashed") + reasons.get("2 " + Assigner.NOT_INCLUDED))
                .isEqualTo(1_000);
        assertThat(reasons.get("3 hashed") + reasons.get("3 " + Assigner.NOT_INCLUDED))
                .isEqualTo(5_000);
        assertThat(reasons).doesNotContainKey("3 sticky");
        // excluded: every unit with a document, i.e. the first 3,000, 84 % of the next 1,000 (in phase 2 or 3 at
        // coverage 0.6) and 60 % of the 1,000 after them: 4,440 expected
        assertThat(reasons.get("4 " + EXCLUDED)).isBetween(4_300, 4_600);
        assertThat(reasons.get("4 hashed")).isPositive();
    }

    @Test
    void aStuckUnitKeepsItsVariationInANewPhaseOnlyWhenThePhaseKeepsTheWeightsAndSaysKeep() {
        String key = "sticky-keep";
        createAndStart(key);
        List<Map<String, Object>> units = units(0, 2_000);
        List<Object> docs = emptyDocs(units.size());
        List<Map<String, Object>> first = allocate(key, units, docs);
        save(docs, first);
        assertThat(first.get(0).get("stickyBucketAssignmentDocs"))
                .isEqualTo(Map.of(
                        "id||u-0",
                        Map.of(
                                "attributeName",
                                "id",
                                "attributeValue",
                                "u-0",
                                "assignments",
                                Map.of(key + "__0", first.get(0).get("variationKey")))));
        // a request without documents is answered as before sticky bucketing, without the field
        assertThat(allocate(key, units(0, 1), null).get(0)).doesNotContainKey("stickyBucketAssignmentDocs");

        // keeping units through new weights would split kept and new units differently: refused, nothing changes
        as("engineer")
                .body("{\"weights\": [0.2, 0.8], \"existingUnits\": \"keep\"}")
                .post("/api/experiments/" + key + "/phases")
                .then()
                .statusCode(422)
                .contentType(startsWith("application/problem+json"))
                .body("violations[0].path", equalTo("/existingUnits"))
                .body("violations[0].message", containsString("weights"));
        as("viewer").get("/api/experiments/" + key).then().body("summary.phase", equalTo(1));

        // a phase that keeps the weights may keep its units: a new seed and half the coverage move none of them
        newPhase(key, "{\"coverage\": 0.5, \"existingUnits\": \"keep\"}", 2, "keep", 0, 0);
        List<Map<String, Object>> kept = allocate(key, units, docs);
        for (int i = 0; i < units.size(); i++) {
            assertThat(kept.get(i).get("variation"))
                    .as("unit %d", i)
                    .isEqualTo(first.get(i).get("variation"));
            assertThat(kept.get(i).get("reason")).isEqualTo("sticky");
            assertThat(kept.get(i).get("phase")).isEqualTo(2);
            assertThat(kept.get(i).get("stickyBucketAssignmentDocs")).isEqualTo(Map.of());
        }
        long newIn = allocate(key, units(10_000, 2_000), emptyDocs(2_000)).stream()
                .filter(r -> (Boolean) r.get("inExperiment"))
                .count();
        assertThat(newIn).isBetween(850L, 1_150L); // new units meet the new coverage

        // new weights need a new bucket version: a stuck unit is re-randomised as if it had no document
        newPhase(key, "{\"weights\": [0.2, 0.8], \"coverage\": 1.0}", 3, "reassign", 1, 0);
        List<Map<String, Object>> moved = allocate(key, units, docs);
        List<Map<String, Object>> fresh = allocate(key, units, null);
        int changed = 0;
        for (int i = 0; i < units.size(); i++) {
            assertThat(moved.get(i).get("variation"))
                    .as("unit %d", i)
                    .isEqualTo(fresh.get(i).get("variation"));
            assertThat(moved.get(i).get("reason")).isEqualTo("hashed");
            changed += moved.get(i).get("variation").equals(first.get(i).get("variation")) ? 0 : 1;
        }
        assertThat(changed).isBetween(800, 1_200); // 0.5 × 0.8 + 0.5 × 0.2 of them move
        save(docs, moved);
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) ((Map<String, Object>) docs.get(5)).get("id||u-5");
        assertThat(doc.get("assignments"))
                .isEqualTo(Map.of(
                        key + "__0",
                        first.get(5).get("variationKey"),
                        key + "__1",
                        moved.get(5).get("variationKey")));

        // the definition event carries the phase's bucket versions to every SDK
        ExperimentChanged last =
                TopicReader.of(TestKafka.get().bootstrapServers(), Topics.EXPERIMENTS).key(key).read(4).stream()
                        .map(r -> (ExperimentChanged)
                                EventCodec.platform().decode(r.value()).data())
                        .reduce((a, b) -> b)
                        .orElseThrow();
        assertThat(last.phase()).isEqualTo(3);
        assertThat(last.bucketVersion()).isEqualTo(1);
        assertThat(last.minBucketVersion()).isZero();
    }

    @Test
    void aMinimumBucketVersionExcludesUnitsBucketedBeforeItAndEnrollsNewOnes() {
        String key = "sticky-exclude";
        createAndStart(key);
        List<Map<String, Object>> units = units(0, 1_000);
        List<Object> docs = emptyDocs(units.size());
        save(docs, allocate(key, units, docs));

        newPhase(key, "{\"existingUnits\": \"exclude\", \"reason\": \"the treatment had a bug\"}", 2, "exclude", 1, 1);
        List<Map<String, Object>> old = allocate(key, units, docs);
        assertThat(old).allSatisfy(r -> {
            assertThat(r.get("inExperiment")).isEqualTo(false);
            assertThat(r.get("variation")).isEqualTo(0);
            assertThat(r.get("reason")).isEqualTo(EXCLUDED);
            assertThat(r.get("stickyBucketAssignmentDocs")).isEqualTo(Map.of()); // nothing to save
        });
        // the service knows a unit only by the documents it is sent: without them the same units are hashed
        assertThat(allocate(key, units, null))
                .allSatisfy(r -> assertThat(r.get("reason")).isEqualTo("hashed"));
        // a unit never bucketed before enrolls under the new version
        Map<String, Object> fresh = as("viewer")
                .body("{\"attributes\": {\"id\": \"newcomer\"}, \"stickyBucketAssignmentDocs\": {}}")
                .post("/api/experiments/" + key + "/allocation")
                .then()
                .statusCode(200)
                .body("inExperiment", equalTo(true))
                .body("reason", equalTo("hashed"))
                .extract()
                .jsonPath()
                .getMap("stickyBucketAssignmentDocs.'id||newcomer'.assignments");
        assertThat(fresh).containsOnlyKeys(key + "__1");
        // a forced QA unit is not bucketed: nothing recorded
        as("viewer")
                .body("{\"attributes\": {\"id\": \"qa-user\"}, \"stickyBucketAssignmentDocs\": {}}")
                .post("/api/experiments/" + key + "/allocation")
                .then()
                .body("reason", equalTo("forced"))
                .body("stickyBucketAssignmentDocs.size()", equalTo(0));
    }

    /**
     * GrowthBook's fallbackAttribute over REST: an anonymous unit is bucketed by its device id when it sends documents,
     * keeps its variation after login, and the experiment-changed event carries the attribute for the SDKs.
     */
    @Test
    void aFallbackAttributeBucketsAnonymousUnitsAndTheyKeepTheirVariationAfterLogin() {
        String key = "sticky-fallback";
        String body = """
                {"key": "%s", "component": "shop-sticky", "variations": ["control", "treatment"],
                 "hashAttribute": "id", "fallbackAttribute": "%s", "metrics": {"primary": "order-value"}}
                """;
        as("engineer")
                .body(body.formatted(key, "id"))
                .post("/api/experiments")
                .then()
                .statusCode(422)
                .body("violations[0].path", equalTo("/fallbackAttribute"));
        as("engineer")
                .body(body.formatted(key, "deviceId"))
                .post("/api/experiments")
                .then()
                .statusCode(201)
                .body("definition.fallbackAttribute", equalTo("deviceId"));
        as("engineer").post("/api/experiments/" + key + "/start").then().statusCode(200);
        for (int i = 0; i < 20; i++) {
            var anonymous = as("viewer")
                    .body("{\"attributes\": {\"deviceId\": \"d-" + i + "\"}, \"stickyBucketAssignmentDocs\": {}}")
                    .post("/api/experiments/" + key + "/allocation")
                    .then()
                    .statusCode(200)
                    .body("inExperiment", equalTo(true))
                    .body("unit", equalTo("d-" + i))
                    .extract()
                    .jsonPath();
            Map<String, Object> docs = anonymous.getMap("stickyBucketAssignmentDocs");
            assertThat(docs).containsOnlyKeys("deviceId||d-" + i);
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("attributes", Map.of("id", "u-" + i, "deviceId", "d-" + i));
            request.put("stickyBucketAssignmentDocs", docs);
            as("viewer")
                    .body(request)
                    .post("/api/experiments/" + key + "/allocation")
                    .then()
                    .statusCode(200)
                    .body("variation", equalTo(anonymous.getInt("variation")))
                    .body("reason", equalTo("sticky"))
                    .body("unit", equalTo("u-" + i));
        }
        // without documents the fallback is not used, as in GrowthBook: the anonymous unit stays out
        as("viewer")
                .body("{\"attributes\": {\"deviceId\": \"d-1\"}}")
                .post("/api/experiments/" + key + "/allocation")
                .then()
                .statusCode(200)
                .body("inExperiment", equalTo(false));
        ExperimentChanged last =
                TopicReader.of(TestKafka.get().bootstrapServers(), Topics.EXPERIMENTS).key(key).read(2).stream()
                        .map(r -> EventCodec.platform().decode(r.value()))
                        .map(e -> (ExperimentChanged) e.data())
                        .reduce((a, b) -> b)
                        .orElseThrow();
        assertThat(last.fallbackAttribute()).isEqualTo("deviceId");
        assertThat(last.status()).isEqualTo("running");
    }

    @Test
    void badDocumentsAre422sNamingEachFaultByJsonPointer() {
        String key = "sticky-bad";
        createAndStart(key);
        as("viewer")
                .body("{\"attributes\": {\"id\": \"u-1\"}, \"stickyBucketAssignmentDocs\": [1, 2]}")
                .post("/api/experiments/" + key + "/allocation")
                .then()
                .statusCode(422)
                .contentType(startsWith("application/problem+json"))
                .body("type", containsString("invalid-allocation"))
                .body("violations.path", containsInAnyOrder("/stickyBucketAssignmentDocs"));
        as("viewer")
                .body("""
                        {"attributes": {"id": "u-1"}, "stickyBucketAssignmentDocs": {
                          "id||u-1": {"attributeName": "id", "attributeValue": 7, "assignments": {"a__0": 1}},
                          "id||u/2": {"attributeName": "id", "attributeValue": "u-3", "assignments": {}},
                          "deviceId||d~1": {"attributeName": "", "attributeValue": "d~1"},
                          "x": "y"}}
                        """)
                .post("/api/experiments/" + key + "/allocation")
                .then()
                .statusCode(422)
                .body(
                        "violations.path",
                        containsInAnyOrder(
                                "/stickyBucketAssignmentDocs/id||u-1/attributeValue",
                                "/stickyBucketAssignmentDocs/id||u-1/assignments/a__0",
                                "/stickyBucketAssignmentDocs/id||u~12",
                                "/stickyBucketAssignmentDocs/deviceId||d~01/attributeName",
                                "/stickyBucketAssignmentDocs/deviceId||d~01/assignments",
                                "/stickyBucketAssignmentDocs/x"));
        // without attributes both faults are named at once
        as("viewer")
                .body("{\"stickyBucketAssignmentDocs\": \"id||u-1\"}")
                .post("/api/experiments/" + key + "/allocation")
                .then()
                .statusCode(422)
                .body("violations.path", containsInAnyOrder("/attributes", "/stickyBucketAssignmentDocs"));
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i <= 100; i++) {
            many.append(i == 0 ? "" : ",")
                    .append(
                            "\"id||u-%d\": {\"attributeName\": \"id\", \"attributeValue\": \"u-%d\", \"assignments\": {}}"
                                    .formatted(i, i));
        }
        as("viewer")
                .body("{\"attributes\": {\"id\": \"u-1\"}, \"stickyBucketAssignmentDocs\": " + many + "}}")
                .post("/api/experiments/" + key + "/allocation")
                .then()
                .statusCode(422)
                .body("violations[0].message", containsString("at most 100"));
        // a batch names the unit by index, and wants one entry per unit
        as("viewer")
                .body(Map.of("units", units(0, 3), "stickyBucketAssignmentDocs", List.of(Map.of(), Map.of())))
                .post("/api/experiments/" + key + "/allocations")
                .then()
                .statusCode(422)
                .body("violations[0].path", equalTo("/stickyBucketAssignmentDocs"))
                .body("violations[0].message", containsString("one entry per unit (3)"));
        List<Object> docs = new ArrayList<>();
        docs.add(null);
        docs.add(Map.of("id||u-1", Map.of("attributeName", "id", "attributeValue", "u-1", "assignments", "none")));
        docs.add(Map.of());
        as("viewer")
                .body(Map.of("units", units(0, 3), "stickyBucketAssignmentDocs", docs))
                .post("/api/experiments/" + key + "/allocations")
                .then()
                .statusCode(422)
                .body("violations.path", containsInAnyOrder("/stickyBucketAssignmentDocs/1/id||u-1/assignments"));
        // a new phase names what it does to sticky units, or is refused
        as("engineer")
                .body("{\"existingUnits\": \"sometimes\"}")
                .post("/api/experiments/" + key + "/phases")
                .then()
                .statusCode(422)
                .body("violations[0].path", equalTo("/existingUnits"));
        // a batch entry of null is a unit without sticky bucketing; the others get their documents
        List<Map<String, Object>> mixed = allocate(key, units(0, 3), java.util.Arrays.asList(null, Map.of(), null));
        assertThat(mixed.get(0)).doesNotContainKey("stickyBucketAssignmentDocs");
        assertThat(mixed.get(1).get("stickyBucketAssignmentDocs"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsOnlyKeys("id||u-1");
    }
}
