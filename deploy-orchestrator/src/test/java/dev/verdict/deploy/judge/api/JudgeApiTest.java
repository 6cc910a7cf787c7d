package dev.verdict.deploy.judge.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Locale;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/** POST /api/judge against the real Keycloak: Kayenta configs in, judgements and located errors out. */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "deploy"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "deploy-orchestrator"))
class JudgeApiTest {

    static final String CONFIG = """
            {"name": "payments-api", "judge": {"name": "NetflixACAJudge-v1.0"},
             "metrics": [
               {"name": "latency", "groups": ["latency"], "query": {"type": "prometheus", "metricName": "x"},
                "analysisConfigurations": {"canary": {"direction": "increase", "critical": true}}},
               {"name": "errors", "groups": ["errors"],
                "analysisConfigurations": {"canary": {"direction": "increase", "nanStrategy": "replace"}}}],
             "classifier": {"groupWeights": {"latency": 70, "errors": 30}}}
            """;

    static RequestSpecification as(String user) {
        return given().auth().oauth2(KeycloakResource.accessToken(user)).contentType(ContentType.JSON);
    }

    static String points(long seed, int n, double mean, double sd) {
        Random r = new Random(seed);
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (int i = 0; i < n; i++) {
            j.add(String.format(Locale.ROOT, "%.3f", mean + sd * r.nextGaussian()));
        }
        return j.toString();
    }

    static String request(double canaryLatency) {
        return """
                {"config": %s, "thresholds": {"pass": 95, "marginal": 75},
                 "pairs": [
                   {"name": "latency", "experiment": %s, "control": %s},
                   {"name": "errors", "experiment": [0, null, 0, 0], "control": [0, 0, 0, 0]}]}
                """.formatted(CONFIG, points(1, 60, canaryLatency, 8), points(2, 60, 100, 8));
    }

    @Test
    void aThirtyPercentSlowerCanaryFailsOnItsCriticalMetricWithTheReason() {
        as("viewer")
                .body(request(130))
                .post("/api/judge")
                .then()
                .statusCode(200)
                .body("results[0].classification", equalTo("High"))
                .body("results[0].critical", equalTo(true))
                .body("results[0].classificationReason", containsString("latency was classified as High"))
                .body("results[0].experimentMetadata.stats.count", equalTo(60))
                .body("results[1].classification", equalTo("Pass"))
                .body("score.score", equalTo(0.0f))
                .body("score.classification", equalTo("Fail"))
                .body("score.classificationReason", containsString("Canary Failed: latency was classified as High"));
    }

    @Test
    void anEqualCanaryPassesAndTheSameRequestGivesTheSameJudgement() {
        String body = request(100);
        String first = as("viewer")
                .body(body)
                .post("/api/judge")
                .then()
                .statusCode(200)
                .body("score.classification", equalTo("Pass"))
                .body("score.score", equalTo(100.0f))
                .extract()
                .asString();
        String again = as("engineer")
                .body(body)
                .post("/api/judge")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(again).isEqualTo(first);
    }

    @Test
    void everyBadFieldOfConfigThresholdsAndPointsIsA422WithItsPointer() {
        String bad = """
                {"config": {"metrics": [{"name": "latency",
                   "analysisConfigurations": {"canary": {"direction": "upwards"}}}]},
                 "thresholds": {"pass": 50, "marginal": 80},
                 "pairs": [{"name": "latency", "experiment": [1, "two"], "control": [1, 2]}]}
                """;
        as("viewer")
                .body(bad)
                .post("/api/judge")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body(
                        "violations.path",
                        hasItems(
                                "/config/metrics/0/analysisConfigurations/canary/direction",
                                "/thresholds/marginal",
                                "/pairs/0/experiment/1"));
        as("viewer")
                .body("{\"config\": " + CONFIG + ", \"thresholds\": {\"pass\": 95, \"marginal\": 75},"
                        + " \"pairs\": [{\"name\": \"cpu\", \"experiment\": [1], \"control\": [1]}]}")
                .post("/api/judge")
                .then()
                .statusCode(422)
                .body("violations[0].path", equalTo("/pairs/0/name"))
                .body("violations[0].message", containsString("no metric named 'cpu'"));
    }

    @Test
    void withoutATokenOrWithoutJsonTheJudgeRefuses() {
        given().contentType(ContentType.JSON)
                .body(request(100))
                .post("/api/judge")
                .then()
                .statusCode(401);
        as("viewer").body("{\"config\": ").post("/api/judge").then().statusCode(400);
    }
}
