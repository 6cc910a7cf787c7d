package dev.verdict.deploy.deployment;

import static dev.verdict.deploy.deployment.DeployFixture.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.deploy.deployment.engine.Targets;
import dev.verdict.plugin.Scope;
import dev.verdict.testing.KeycloakAdmin;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not part of the suite (run with {@code -Dtest=RollbackBench}): how long from the judgement that fails a
 * canary to 0 % canary traffic. Per run: the failing JUDGED entry's time to the WEIGHT entry written once the router
 * took the new split, and to the last answer of the canary's version seen by the load generator; beside it, in the
 * same run, a bare {@code setWeights} call on the same target (the floor). Report in
 * {@code target/bench/rollback.txt}; numbers in docs/performance.md.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "deploy"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "deploy-orchestrator"))
class RollbackBench {

    static final String COMPONENT_NAME = "rollback-bench";

    @Inject
    Targets targets;

    @Test
    void rollbackTimeFromTheFailingJudgementToZeroCanaryTraffic() throws Exception {
        int runs = Integer.getInteger("bench.runs", 7);
        KeycloakAdmin.join("engineer", "payments-team");
        String steps = "[{\"setWeight\": 25}, {\"analysis\": {\"interval\": \"10s\", \"initialDelay\": \"4s\"}}]";
        List<Double> toWeight = new ArrayList<>();
        List<Double> toLastAnswer = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            // a component of its own per run: a slow canary that passed would otherwise be the next run's baseline
            String name = COMPONENT_NAME + "-" + i;
            String component = "component:default/" + name;
            DeployFixture.announce(component, "group:default/payments-team");
            String first = deploy(name, "1.0.0", steps);
            await().atMost(Duration.ofSeconds(60)).until(() -> "PROMOTED".equals(status(first)));
            try (DeployFixture.Load load = new DeployFixture.Load(DeployFixture.routerPort(targets, component), 4)) {
                String version = "2.0." + i + "-slow";
                String id = deploy(name, version, steps);
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> status(id).equals("ROLLED_BACK")
                                || status(id).equals("PROMOTED")
                                || status(id).equals("PAUSED"));
                if (!status(id).equals("ROLLED_BACK")) {
                    String jid = as("viewer")
                            .get("/api/deployments/" + id)
                            .then()
                            .extract()
                            .path("judgements[0].id");
                    System.out.println("run " + i + " not rolled back (" + status(id) + "), skipped; its judgement: "
                            + as("viewer")
                                    .get("/api/deployments/" + id + "/judgements/" + jid)
                                    .then()
                                    .extract()
                                    .asString());
                    continue;
                }
                JsonPath t = as("viewer")
                        .get("/api/deployments/" + id + "/timeline")
                        .then()
                        .extract()
                        .jsonPath();
                List<Map<String, Object>> items = t.getList("items");
                Instant judged = null;
                Instant zero = null;
                for (Map<String, Object> e : items) {
                    if ("JUDGED".equals(e.get("kind"))) {
                        judged = Instant.parse((String) e.get("at"));
                    }
                    if ("WEIGHT".equals(e.get("kind")) && ((String) e.get("summary")).startsWith("canary 0 %")) {
                        zero = Instant.parse((String) e.get("at"));
                    }
                }
                Thread.sleep(500); // answers in flight land
                Instant last = load.lastSeen.get(version);
                toWeight.add(Duration.between(judged, zero).toNanos() / 1e6);
                if (last != null) {
                    toLastAnswer.add(Math.max(0, Duration.between(judged, last).toNanos() / 1e6));
                }
                // the floor: the same split change on the same router, with nothing around it
                long t0 = System.nanoTime();
                targets.target().setWeights(component, Map.of(Scope.STABLE, 100));
                bare.add((System.nanoTime() - t0) / 1e6);
            }
        }
        assertThat(toWeight).isNotEmpty();
        String report = String.format(
                Locale.ROOT,
                "rollback: %d runs%n  judged -> weight 0 written: median %.1f ms, max %.1f ms %s%n"
                        + "  judged -> last canary answer: median %.1f ms, max %.1f ms %s%n"
                        + "  bare setWeights (same run): median %.2f ms %s%n",
                toWeight.size(),
                median(toWeight),
                toWeight.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                toWeight,
                median(toLastAnswer),
                toLastAnswer.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                toLastAnswer,
                median(bare),
                bare);
        System.out.println(report);
        Files.createDirectories(Path.of("target/bench"));
        Files.writeString(Path.of("target/bench/rollback.txt"), report);
    }

    static String deploy(String component, String version, String steps) throws Exception {
        return as("engineer")
                .body("{\"component\": \"" + component + "\", \"version\": \"" + version + "\", \"artifact\": "
                        + DeployFixture.artifactJson() + ", \"steps\": " + steps + "}")
                .post("/api/deployments")
                .then()
                .statusCode(201)
                .extract()
                .path("summary.id");
    }

    static String status(String id) {
        return as("viewer").get("/api/deployments/" + id).then().extract().path("summary.status");
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
