package dev.verdict.deploy.experiment;

import static dev.verdict.deploy.deployment.DeployFixture.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.deploy.deployment.DeployFixture;
import dev.verdict.deploy.experiment.store.ArmStatsEntity;
import dev.verdict.experiments.sdk.Assignment;
import dev.verdict.experiments.sdk.VerdictExperiments;
import dev.verdict.testing.KeycloakAdmin;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import dev.verdict.testing.TestKafka;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java SDK against the running service: for 100,000 units it allocates exactly as the REST endpoint does (with
 * coverage, an uneven split, targeting and a forced QA unit); it follows a new phase from the definition events
 * without another REST call; its exposures reach the aggregation and are counted once per unit.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "deploy"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "deploy-orchestrator"))
class ExperimentSdkTest {

    static final String SHOP = "component:default/shop-sdk";

    @BeforeAll
    static void owners() throws Exception {
        KeycloakAdmin.join("engineer", "payments-team");
        DeployFixture.announce(SHOP, "group:default/payments-team");
    }

    static String base() {
        return "http://localhost:" + RestAssured.port;
    }

    static List<Map<String, Object>> units(int from, int count) {
        List<Map<String, Object>> out = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            out.add(Map.of("id", "u-" + i, "country", i % 3 == 0 ? "DE" : "NL"));
        }
        return out;
    }

    @Test
    void theSdkAllocatesAsRestForAHundredThousandUnitsAndFollowsANewPhase() throws Exception {
        as("engineer").body("""
                        {"key": "sdk-checkout", "component": "shop-sdk",
                         "variations": ["control", "treatment"], "weights": [0.3, 0.7], "coverage": 0.8,
                         "condition": {"country": "NL"}, "forced": {"u-1": 0},
                         "metrics": {"primary": "order-value"}}
                        """).post("/api/experiments").then().statusCode(201);
        as("engineer").post("/api/experiments/sdk-checkout/start").then().statusCode(200);

        String viewer = KeycloakResource.accessToken("viewer");
        int in = 0;
        try (VerdictExperiments sdk =
                VerdictExperiments.builder(base(), () -> viewer).start()) {
            for (int batch = 0; batch < 10; batch++) {
                List<Map<String, Object>> units = units(batch * 10_000, 10_000);
                List<Map<String, Object>> rest = as("viewer")
                        .body(Map.of("units", units))
                        .post("/api/experiments/sdk-checkout/allocations")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("allocations");
                for (int i = 0; i < units.size(); i++) {
                    Assignment a = sdk.assign("sdk-checkout", units.get(i));
                    Map<String, Object> r = rest.get(i);
                    assertThat(a.variation()).as("unit %s", units.get(i)).isEqualTo(r.get("variation"));
                    assertThat(a.inExperiment()).as("unit %s", units.get(i)).isEqualTo(r.get("inExperiment"));
                    assertThat(a.reason()).isEqualTo(r.get("reason"));
                    in += a.inExperiment() ? 1 : 0;
                }
            }
        }
        // two thirds are in NL, 80 % of those covered: the comparison covered every way in and out
        assertThat(in).isBetween(51_000, 55_700);

        String bootstrap = TestKafka.get().bootstrapServers();
        try (VerdictExperiments sdk = VerdictExperiments.builder(base(), () -> viewer)
                .kafka(bootstrap)
                .service("shop-sdk")
                .start()) {
            assertThat(sdk.phase("sdk-checkout")).isEqualTo(1);
            as("engineer")
                    .body("{\"weights\": [0.5, 0.5], \"reason\": \"even split\"}")
                    .post("/api/experiments/sdk-checkout/phases")
                    .then()
                    .statusCode(200);
            // the change arrives as an event; the SDK makes no REST call for it
            await().atMost(Duration.ofSeconds(30)).until(() -> sdk.phase("sdk-checkout") == 2);
            List<Map<String, Object>> units = units(200_000, 400);
            List<Map<String, Object>> rest = as("viewer")
                    .body(Map.of("units", units))
                    .post("/api/experiments/sdk-checkout/allocations")
                    .then()
                    .extract()
                    .jsonPath()
                    .getList("allocations");
            long[] counted = new long[2];
            for (int round = 0; round < 2; round++) { // every unit twice: exposures repeat, units count once
                for (int i = 0; i < units.size(); i++) {
                    Assignment a = sdk.assign("sdk-checkout", units.get(i));
                    assertThat(a.phase()).isEqualTo(2);
                    assertThat(a.variation()).isEqualTo(rest.get(i).get("variation"));
                    if (round == 0 && a.inExperiment()) {
                        counted[a.variation()]++;
                    }
                }
            }
            assertThat(sdk.exposuresPublished()).isEqualTo(2 * (counted[0] + counted[1]));
            // the aggregation counted each exposed unit once, in its variation, in phase 2
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        List<ArmStatsEntity> rows = QuarkusTransaction.requiringNew()
                                .call(() -> ArmStatsEntity.<ArmStatsEntity>list(
                                        "id.experiment = ?1 and id.phase = 2", "sdk-checkout"));
                        assertThat(rows).hasSize(2);
                        for (ArmStatsEntity a : rows) {
                            assertThat(a.n).isEqualTo(counted[a.id.variation()]);
                        }
                    });
        }
    }
}
