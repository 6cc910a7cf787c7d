package dev.verdict.deploy.deployment;

import static dev.verdict.deploy.deployment.DeployFixture.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.verdict.testing.KeycloakAdmin;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployments API's rules: every bad field named at once, unknown components, owners only, one live
 * deployment per component, and the manual actions with their actors and reasons on the timeline.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "deploy"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "deploy-orchestrator"))
class DeploymentApiTest {

    static final String LEDGER = "component:default/ledger-api";

    @BeforeAll
    static void owners() throws Exception {
        KeycloakAdmin.join("engineer", "payments-team");
        DeployFixture.announce(LEDGER, "group:default/payments-team");
        DeployFixture.announce("component:default/refused-api", "group:default/payments-team");
    }

    static String body(String component, String version, String steps) throws Exception {
        return "{\"component\": \"" + component + "\", \"version\": \"" + version + "\", \"artifact\": "
                + DeployFixture.artifactJson() + ", \"steps\": " + steps + "}";
    }

    static String status(String id) {
        return as("viewer").get("/api/deployments/" + id).then().extract().path("summary.status");
    }

    @Test
    void aBadRequestNamesEveryBadFieldByJsonPointerAndStoresNothing() {
        long before =
                as("viewer").get("/api/deployments").then().extract().jsonPath().getLong("total");
        as("engineer")
                .body("""
                        {"component": "ledger-api", "instances": 0,
                         "artifact": {"type": "jar"},
                         "config": {"judge": {"name": "NetflixACAJudge-v1.0"},
                                    "metrics": [{"name": "m", "query": {"type": "router", "measure": "latency-mean"},
                                                 "analysisConfigurations": {"canary": {"direction": "up"}}}]},
                         "thresholds": {"pass": 50, "marginal": 80},
                         "steps": [{"setWeight": 80}, {"pause": {"duration": "soon"}}, {"wait": 1}],
                         "decision": "the big one"}
                        """)
                .post("/api/deployments")
                .then()
                .statusCode(422)
                .body("type", containsString("invalid-canary-config"))
                .body(
                        "violations.path",
                        hasItems(
                                "/version",
                                "/instances",
                                "/artifact/value",
                                "/config/metrics/0/analysisConfigurations/canary/direction",
                                "/steps/0/setWeight",
                                "/steps/1/pause/duration",
                                "/steps/2/wait",
                                "/decision"));
        assertThat(as("viewer")
                        .get("/api/deployments")
                        .then()
                        .extract()
                        .jsonPath()
                        .getLong("total"))
                .isEqualTo(before);
    }

    @Test
    void anUnknownComponentIsA404AndSomeoneOutsideTheOwnerGroupA403() throws Exception {
        String steps = "[{\"setWeight\": 10}, {\"analysis\": {\"interval\": \"1m\"}}]";
        as("engineer")
                .body(body("nobody-knows-me", "1.0.0", steps))
                .post("/api/deployments")
                .then()
                .statusCode(404)
                .body("detail", containsString("component:default/nobody-knows-me"));
        as("viewer")
                .body(body("ledger-api", "1.0.0", steps))
                .post("/api/deployments")
                .then()
                .statusCode(403);
        // an architect has every role an engineer has, but is not in payments-team
        as("architect")
                .body(body("ledger-api", "1.0.0", steps))
                .post("/api/deployments")
                .then()
                .statusCode(403)
                .body("type", containsString("not-an-owner"))
                .body("detail", containsString("group:default/payments-team"));

        // a component the catalog deleted is unknown again, until the catalog announces it anew
        DeployFixture.announce("component:default/gone-api", "group:default/payments-team");
        DeployFixture.delete("component:default/gone-api");
        as("engineer")
                .body(body("gone-api", "1.0.0", steps))
                .post("/api/deployments")
                .then()
                .statusCode(404)
                .body("detail", containsString("component:default/gone-api"));
    }

    @Test
    void aPauseWaitsForAnOwnersPromoteAbortRollsBackAndRetryStartsAgainEachWithActorAndReason() throws Exception {
        String first = as("admin") // admins may deploy anything
                .body(body("ledger-api", "1.0.0", "[{\"setWeight\": 10}, {\"analysis\": {\"interval\": \"1m\"}}]"))
                .post("/api/deployments")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/deployments/"))
                .extract()
                .path("summary.id");
        await().atMost(Duration.ofSeconds(60)).until(() -> "PROMOTED".equals(status(first)));

        String steps = "[{\"setWeight\": 10}, {\"pause\": {}}, {\"analysis\": {\"interval\": \"1m\"}}]";
        String id = as("engineer")
                .body(body("ledger-api", "1.1.0", steps))
                .post("/api/deployments")
                .then()
                .statusCode(201)
                .extract()
                .path("summary.id");
        as("engineer")
                .body(body("ledger-api", "1.2.0", steps))
                .post("/api/deployments")
                .then()
                .statusCode(409)
                .body("detail", containsString(id));
        await().atMost(Duration.ofSeconds(60)).until(() -> "PAUSED".equals(status(id)));
        as("viewer")
                .get("/api/deployments/" + id)
                .then()
                .body("summary.statusReason", containsString("pause without duration"))
                .body("summary.weight", equalTo(10));

        as("architect")
                .body("{\"reason\": \"looks fine to me\"}")
                .post("/api/deployments/" + id + "/promote")
                .then()
                .statusCode(403);
        as("engineer")
                .body("{\"reason\": \"dashboards are green\"}")
                .post("/api/deployments/" + id + "/promote")
                .then()
                .statusCode(200)
                .body("summary.status", equalTo("RUNNING"));
        as("engineer")
                .body("{\"reason\": \"again\"}")
                .post("/api/deployments/" + id + "/promote")
                .then()
                .statusCode(409)
                .body("detail", containsString("is RUNNING"));
        as("engineer")
                .body("{\"reason\": \"the change freeze starts\"}")
                .post("/api/deployments/" + id + "/abort")
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "ABORTED".equals(status(id)));

        JsonPath timeline = as("viewer")
                .get("/api/deployments/" + id + "/timeline")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> manual = timeline.getList("items.findAll { it.kind == 'MANUAL' }.summary");
        assertThat(manual).containsExactly("promote: dashboards are green", "abort: the change freeze starts");
        assertThat(timeline.getList("items.findAll { it.kind == 'MANUAL' }.actor", String.class))
                .containsOnly("user:engineer");
        assertThat(timeline.getList("items.kind", String.class)).last().isEqualTo("ABORTED");

        String again = as("engineer")
                .body("{\"reason\": \"freeze is over\"}")
                .post("/api/deployments/" + id + "/retry")
                .then()
                .statusCode(200)
                .extract()
                .path("summary.id");
        assertThat(again).isNotEqualTo(id);
        as("viewer").get("/api/deployments/" + again).then().body("summary.version", equalTo("1.1.0"));
        await().atMost(Duration.ofSeconds(60)).until(() -> "PAUSED".equals(status(again)));
        as("engineer")
                .body("{}")
                .post("/api/deployments/" + again + "/abort")
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "ABORTED".equals(status(again)));

        // the list filters by component and status, newest first, paged
        as("viewer")
                .queryParam("component", "ledger-api")
                .queryParam("status", "aborted")
                .queryParam("size", 1)
                .get("/api/deployments")
                .then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items.size()", equalTo(1))
                .body("items[0].id", equalTo(again));
        as("viewer")
                .queryParam("status", "sideways")
                .get("/api/deployments")
                .then()
                .statusCode(400)
                .body("detail", containsString("unknown status 'sideways'"));
    }

    @Test
    void aSpecTheTargetRefusesFailsTheDeploymentAtOnceWithTheTargetsWords() throws Exception {
        String body = "{\"component\": \"refused-api\", \"version\": \"1.0.0\", \"runtime\": \"/no/such/jdk\","
                + " \"artifact\": " + DeployFixture.artifactJson() + "}";
        String id = as("engineer")
                .body(body)
                .post("/api/deployments")
                .then()
                .statusCode(201)
                .extract()
                .path("summary.id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "ROLLED_BACK".equals(status(id)));
        as("viewer")
                .get("/api/deployments/" + id)
                .then()
                .body(
                        "summary.statusReason",
                        containsString("runtime /no/such/jdk: not a JDK: /no/such/jdk does not exist"));
    }
}
