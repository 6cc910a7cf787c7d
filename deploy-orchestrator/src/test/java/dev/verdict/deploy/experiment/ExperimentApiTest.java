package dev.verdict.deploy.experiment;

import static dev.verdict.deploy.deployment.DeployFixture.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.verdict.allocation.Allocator;
import dev.verdict.deploy.deployment.DeployFixture;
import dev.verdict.deploy.experiment.model.ExperimentDefinition;
import dev.verdict.deploy.experiment.service.Allocations;
import dev.verdict.events.EventCodec;
import dev.verdict.events.Topics;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.experiment.ExperimentChanged;
import dev.verdict.events.experiment.ExperimentEvents;
import dev.verdict.testing.KeycloakAdmin;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import dev.verdict.testing.TestKafka;
import dev.verdict.testing.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The experiments API on the real PostgreSQL, Kafka and Keycloak: every bad field named at once, owners only, the
 * lifecycle with its conflicts, the allocation lock of a running phase, the definition events, and REST allocation
 * equal to libs/allocation's for the same definition.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "deploy"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "deploy-orchestrator"))
class ExperimentApiTest {

    static final String SHOP = "component:default/shop-web";

    @BeforeAll
    static void owners() throws Exception {
        KeycloakAdmin.join("engineer", "payments-team");
        DeployFixture.announce(SHOP, "group:default/payments-team");
    }

    static String definition(String key) {
        return """
                {"key": "%s", "component": "shop-web",
                 "hypothesis": "the one-page checkout converts more visitors",
                 "variations": ["control", {"key": "treatment", "name": "One-page checkout"}],
                 "weights": [0.5, 0.5],
                 "metrics": {"primary": "checkout-conversion", "secondary": ["order-value"],
                             "guardrails": [{"metric": "error-rate", "badDirection": "increase", "tolerance": 0.05}]},
                 "forced": {"qa-user": 1}}
                """.formatted(key);
    }

    static JsonPath create(String key) {
        return as("engineer")
                .body(definition(key))
                .post("/api/experiments")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    /** The demo shoppers' pause: admins only, a body that says what to do, and a clear 409 where none run. */
    @Test
    void theDemoShoppersPauseIsForAdminsAndSaysWhyWhenNoShoppersRun() {
        // the test profile runs no shoppers (rate 0)
        as("viewer")
                .get("/api/demo/shoppers")
                .then()
                .statusCode(200)
                .body("rate", equalTo(0), "running", equalTo(false));
        as("engineer")
                .contentType("application/json")
                .body("{\"paused\": true}")
                .put("/api/demo/shoppers")
                .then()
                .statusCode(403);
        as("admin")
                .contentType("application/json")
                .body("{}")
                .put("/api/demo/shoppers")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("violations[0].path", equalTo("/paused"));
        as("admin")
                .contentType("application/json")
                .body("{\"paused\": true}")
                .put("/api/demo/shoppers")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("VERDICT_DEPLOY_DEMO_SHOPPERS"));
    }

    @Test
    void aBadDefinitionNamesEveryBadFieldByJsonPointerAndStoresNothing() {
        long before =
                as("viewer").get("/api/experiments").then().extract().jsonPath().getLong("total");
        as("engineer")
                .body("""
                        {"key": "New Checkout", "component": "shop-web", "decision": "the big one",
                         "variations": ["control", "control"], "weights": [0.7, 0.7], "coverage": 1.5,
                         "hashVersion": 3, "metrics": {"secondary": ["x", "x"]}, "forced": {"qa": 5}}
                        """)
                .post("/api/experiments")
                .then()
                .statusCode(422)
                .body("type", containsString("invalid-experiment"))
                .body(
                        "violations.path",
                        hasItems(
                                "/key",
                                "/decision",
                                "/variations/1",
                                "/weights",
                                "/coverage",
                                "/hashVersion",
                                "/metrics/primary",
                                "/metrics/secondary/1",
                                "/forced/qa"));
        assertThat(as("viewer")
                        .get("/api/experiments")
                        .then()
                        .extract()
                        .jsonPath()
                        .getLong("total"))
                .isEqualTo(before);
    }

    @Test
    void anUnknownComponentIsA404AndSomeoneOutsideTheOwnerGroupA403() {
        as("engineer")
                .body(definition("nowhere").replace("shop-web", "nobody-knows-me"))
                .post("/api/experiments")
                .then()
                .statusCode(404)
                .body("detail", containsString("component:default/nobody-knows-me"));
        as("architect")
                .body(definition("not-mine"))
                .post("/api/experiments")
                .then()
                .statusCode(403)
                .body("detail", containsString("may not run experiments on component:default/shop-web"));
        as("viewer")
                .body(definition("not-mine"))
                .post("/api/experiments")
                .then()
                .statusCode(403);
        as("viewer").get("/api/experiments/not-mine").then().statusCode(404);
    }

    @Test
    void theLifecycleRefusesWhatItsStatusDoesNotAllowAndKeepsTheHistory() throws Exception {
        create("lifecycle");
        as("engineer")
                .body(definition("lifecycle"))
                .post("/api/experiments")
                .then()
                .statusCode(409)
                .body("type", containsString("experiment-exists"));
        as("engineer").body("{}").post("/api/experiments/lifecycle/stop").then().statusCode(409);
        as("engineer")
                .post("/api/experiments/lifecycle/start")
                .then()
                .statusCode(200)
                .body("summary.status", equalTo("running"))
                .body("summary.phase", equalTo(1))
                .body("seed", equalTo("lifecycle"))
                .body("phases[0].seed", equalTo("lifecycle"));
        // starting twice is a conflict that says what is possible instead
        as("engineer")
                .post("/api/experiments/lifecycle/start")
                .then()
                .statusCode(409)
                .body("type", containsString("invalid-experiment-state"))
                .body("detail", containsString("new phase"));
        as("architect")
                .body("{}")
                .post("/api/experiments/lifecycle/stop")
                .then()
                .statusCode(403);
        as("engineer")
                .body("{\"winner\": \"treatment\"}")
                .post("/api/experiments/lifecycle/conclude")
                .then()
                .statusCode(409);
        as("engineer")
                .body("{\"reason\": \"enough data\"}")
                .post("/api/experiments/lifecycle/stop")
                .then()
                .statusCode(200)
                .body("summary.status", equalTo("stopped"));
        as("engineer")
                .body("{\"winner\": \"purple\"}")
                .post("/api/experiments/lifecycle/conclude")
                .then()
                .statusCode(422)
                .body("violations[0].path", equalTo("/winner"));
        as("engineer")
                .body("{\"winner\": \"treatment\", \"reason\": \"conversion +4 %\"}")
                .post("/api/experiments/lifecycle/conclude")
                .then()
                .statusCode(200)
                .body("summary.status", equalTo("concluded"))
                .body("winner", equalTo("treatment"));
        as("engineer")
                .body(definition("lifecycle"))
                .put("/api/experiments/lifecycle")
                .then()
                .statusCode(409);
        JsonPath history = as("viewer")
                .get("/api/experiments/lifecycle/history")
                .then()
                .extract()
                .jsonPath();
        assertThat(history.getList("items.kind", String.class))
                .containsExactly("CREATED", "STARTED", "STOPPED", "CONCLUDED");
        assertThat(history.getList("items.actor", String.class)).containsOnly("user:engineer");
        assertThat(history.getString("items[3].summary")).contains("treatment won: conversion +4 %");

        // each change went out as the definition's new state, in order, through the outbox
        List<String> statuses =
                TopicReader.of(TestKafka.get().bootstrapServers(), Topics.EXPERIMENTS).key("lifecycle").read(4).stream()
                        .map(r -> EventCodec.platform().decode(r.value()))
                        .filter(e -> e.type().equals(ExperimentEvents.EXPERIMENT_CHANGED.name()))
                        .map(e -> ((ExperimentChanged) e.data()).status())
                        .toList();
        assertThat(statuses).containsExactly("draft", "running", "stopped", "concluded");
    }

    @Test
    void aRunningPhaseKeepsItsAllocationAndANewPhaseGetsANewSeed() throws Exception {
        create("split");
        as("engineer").post("/api/experiments/split/start").then().statusCode(200);
        // a changed split mid-phase would move units between variations: refused, with the way out
        as("engineer")
                .body(definition("split").replace("[0.5, 0.5]", "[0.2, 0.8]"))
                .put("/api/experiments/split")
                .then()
                .statusCode(409)
                .body("type", containsString("allocation-locked"))
                .body("newPhase", equalTo("/api/experiments/split/phases"));
        // what does not touch the allocation may change
        as("engineer")
                .body(definition("split").replace("converts more visitors", "converts 3 % more visitors"))
                .put("/api/experiments/split")
                .then()
                .statusCode(200)
                .body("summary.hypothesis", containsString("3 %"))
                .body("seed", equalTo("split"));
        as("engineer")
                .body("{\"seed\": \"split\"}")
                .post("/api/experiments/split/phases")
                .then()
                .statusCode(422)
                .body("violations[0].path", equalTo("/seed"));
        JsonPath p2 = as("engineer")
                .body("{\"weights\": [0.2, 0.8], \"reason\": \"ramp up\"}")
                .post("/api/experiments/split/phases")
                .then()
                .statusCode(200)
                .body("summary.phase", equalTo(2))
                .body("definition.weights", hasItems(0.2f, 0.8f))
                .body("phases[0].endedAt", org.hamcrest.Matchers.notNullValue())
                .body("phases[1].reason", equalTo("ramp up"))
                .extract()
                .jsonPath();
        assertThat(p2.getString("seed")).isNotEqualTo("split").hasSize(36);
        assertThat(p2.getString("definitionHash"))
                .isNotEqualTo(p2.getString("phases[0].definitionHash"))
                .isEqualTo(p2.getString("phases[1].definitionHash"));

        VerdictEvent<?> last =
                TopicReader.of(TestKafka.get().bootstrapServers(), Topics.EXPERIMENTS).key("split").read(4).stream()
                        .map(r -> EventCodec.platform().decode(r.value()))
                        .reduce((a, b) -> b)
                        .orElseThrow();
        ExperimentChanged changed = (ExperimentChanged) last.data();
        assertThat(changed.phase()).isEqualTo(2);
        assertThat(changed.seed()).isEqualTo(p2.getString("seed"));
        assertThat(changed.weights()).containsExactly(0.2, 0.8);
        assertThat(changed.metrics()).containsExactly("checkout-conversion", "order-value", "error-rate");
    }

    /**
     * ADR-0007: the sequential test spends its alpha over the planned units per arm. A definition may name its own
     * plan; it is fixed within a phase (moved after a look, it would void the error bound) and set again by a new
     * phase.
     */
    @Test
    void thePlannedSizeIsCheckedFixedWithinAPhaseAndSetByANewPhase() {
        String planned = definition("planned")
                .replace(
                        "\"secondary\": [\"order-value\"],",
                        "\"secondary\": [\"order-value\"], \"plannedUnitsPerArm\": 20000,");
        for (String bad : List.of("0", "99", "2.5", "\"20000\"", "2000000000")) {
            as("engineer")
                    .body(planned.replace("20000,", bad + ","))
                    .post("/api/experiments")
                    .then()
                    .statusCode(422)
                    .body("violations.path", hasItems("/metrics/plannedUnitsPerArm"));
        }
        as("engineer")
                .body(planned)
                .post("/api/experiments")
                .then()
                .statusCode(201)
                .body("definition.metrics.plannedUnitsPerArm", equalTo(20000));
        as("engineer").post("/api/experiments/planned/start").then().statusCode(200);
        as("engineer")
                .body(planned.replace("20000,", "8000,"))
                .put("/api/experiments/planned")
                .then()
                .statusCode(409)
                .body("type", containsString("plan-locked"))
                .body("newPhase", equalTo("/api/experiments/planned/phases"));
        // a definition without the field falls back to the deployment's default: also a change of plan
        as("engineer")
                .body(definition("planned"))
                .put("/api/experiments/planned")
                .then()
                .statusCode(409)
                .body("type", containsString("plan-locked"));
        as("engineer")
                .body("{\"plannedUnitsPerArm\": -5}")
                .post("/api/experiments/planned/phases")
                .then()
                .statusCode(422)
                .body("violations[0].path", equalTo("/plannedUnitsPerArm"));
        as("engineer")
                .body("{\"plannedUnitsPerArm\": 8000, \"reason\": \"power for a 2 % lift\"}")
                .post("/api/experiments/planned/phases")
                .then()
                .statusCode(200)
                .body("summary.phase", equalTo(2))
                .body("definition.metrics.plannedUnitsPerArm", equalTo(8000));
        as("viewer")
                .get("/api/experiments/planned")
                .then()
                .statusCode(200)
                .body("definition.metrics.plannedUnitsPerArm", equalTo(8000));
    }

    @Test
    void restAllocationEqualsTheLibraryForTheSameDefinitionAndHonoursStatusAndForcedUnits() {
        JsonPath draft = create("alloc");
        // a draft allocates nobody
        as("viewer")
                .body("{\"attributes\": {\"id\": \"user-1\"}}")
                .post("/api/experiments/alloc/allocation")
                .then()
                .statusCode(200)
                .body("inExperiment", equalTo(false))
                .body("variation", equalTo(0))
                .body("reason", equalTo("not running"));
        as("engineer").post("/api/experiments/alloc/start").then().statusCode(200);
        List<Map<String, Object>> units = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            units.add(Map.of("id", "user-" + i));
        }
        List<Map<String, Object>> got = as("viewer")
                .body(Map.of("units", units))
                .post("/api/experiments/alloc/allocations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("allocations");
        ExperimentDefinition d = new ExperimentDefinition(
                "alloc",
                SHOP,
                null,
                null,
                List.of(
                        new ExperimentDefinition.Variation("control", "control"),
                        new ExperimentDefinition.Variation("treatment", "treatment")),
                List.of(0.5, 0.5),
                1.0,
                "id",
                2,
                "alloc",
                null,
                null,
                Map.of(),
                null);
        int treated = 0;
        for (int i = 0; i < units.size(); i++) {
            Allocator.Allocation a =
                    Allocator.run(Allocations.toAllocation(d, true), Allocator.Context.of(units.get(i)));
            assertThat(got.get(i).get("variation")).as("unit %d", i).isEqualTo(a.variation());
            assertThat(got.get(i).get("inExperiment")).isEqualTo(true);
            treated += a.variation();
        }
        assertThat(treated).isBetween(2300, 2700); // 50 / 50 within ~5.6 sigma
        // a forced QA unit sees its variation and is not counted; a unit without the hash attribute is not in it
        as("viewer")
                .body("{\"attributes\": {\"id\": \"qa-user\"}}")
                .post("/api/experiments/alloc/allocation")
                .then()
                .body("variationKey", equalTo("treatment"))
                .body("inExperiment", equalTo(false))
                .body("reason", equalTo("forced"));
        as("viewer")
                .body("{\"attributes\": {\"deviceId\": \"d-1\"}}")
                .post("/api/experiments/alloc/allocation")
                .then()
                .body("inExperiment", equalTo(false))
                .body("reason", equalTo("no id attribute"));
        as("viewer").body("{}").post("/api/experiments/alloc/allocation").then().statusCode(422);
        // a batch is at most 10,000 units, and the error says so
        List<Map<String, Object>> tooMany = new ArrayList<>(units);
        for (int i = 0; i < 5001; i++) {
            tooMany.add(Map.of("id", "extra-" + i));
        }
        as("viewer")
                .body(Map.of("units", tooMany))
                .post("/api/experiments/alloc/allocations")
                .then()
                .statusCode(422)
                .body("violations[0].path", equalTo("/units"))
                .body("violations[0].message", containsString("10000"));
        // an experiment stays on its component
        as("engineer")
                .body(definition("alloc").replace("shop-web", "other-web"))
                .put("/api/experiments/alloc")
                .then()
                .statusCode(422)
                .body("violations[0].path", equalTo("/component"));
        as("viewer")
                .body("{\"attributes\": {\"id\": \"u\"}}")
                .post("/api/experiments/nope/allocation")
                .then()
                .statusCode(404);
        assertThat(draft.getString("summary.status")).isEqualTo("draft");
    }

    @Test
    void theListIsPagedAndFiltersByComponentStatusAndText() {
        create("list-a");
        create("list-b");
        as("engineer").post("/api/experiments/list-b/start").then().statusCode(200);
        JsonPath running = as("viewer")
                .queryParam("status", "running")
                .queryParam("q", "list-")
                .get("/api/experiments")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(running.getList("items.key", String.class)).containsExactly("list-b");
        JsonPath page = as("viewer")
                .queryParam("component", SHOP)
                .queryParam("q", "LIST-")
                .queryParam("size", 1)
                .get("/api/experiments")
                .then()
                .extract()
                .jsonPath();
        assertThat(page.getLong("total")).isEqualTo(2);
        assertThat(page.getList("items")).hasSize(1);
        as("viewer")
                .queryParam("status", "paused")
                .get("/api/experiments")
                .then()
                .statusCode(400);
        as("viewer").queryParam("size", 1000).get("/api/experiments").then().statusCode(400);
    }
}
