package dev.verdict.deploy.deployment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.events.Topics;
import dev.verdict.testing.KeycloakAdmin;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.TestKafka;
import dev.verdict.testing.TestPostgres;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged orchestrator ({@code target/quarkus-app/quarkus-run.jar}) as a real process, killed with SIGKILL in
 * the middle of an analysis and started again: the deployment resumes where it was, its open analysis window starts
 * over, and it finishes promoted, with exactly the promoted version's instance left running. Real traffic flows
 * through the router the whole time; while the orchestrator is down nothing listens on the router port, but no
 * request is ever answered by the router with "no instance" (502..504). Then killed again while the stable's
 * instance dies too and a placement nobody knows about appears: the next start removes that one and starts the
 * stable version again.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class DeploymentCrashIT {

    static final String COMPONENT = "component:default/payments-api";
    static final Path WORK = Path.of("target/crash-it").toAbsolutePath();

    static String jdbc;
    static int routerPort;
    static Process orchestrator;
    static String url;
    static DeployFixture.Load load;

    @BeforeAll
    static void infrastructure() throws Exception {
        Files.createDirectories(WORK);
        jdbc = TestPostgres.get().createDatabase("deploy_crash");
        for (String t : Topics.ALL) {
            TestKafka.get().createTopic(t, 1);
        }
        routerPort = freePort();
        KeycloakAdmin.join("engineer", "payments-team");
        DeployFixture.publish(COMPONENT, "group:default/payments-team");
    }

    @AfterAll
    static void stop() throws Exception {
        if (load != null) {
            load.close();
        }
        if (orchestrator != null) {
            orchestrator.destroy(); // graceful: stop-on-shutdown stops the instances
            orchestrator.waitFor();
        }
    }

    static Process start(int n) throws Exception {
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.oidc.credentials.secret=deploy-orchestrator-secret",
                "-Dverdict.deploy.driver.every=200ms",
                "-Dverdict.deploy.target.settings.process.stop-grace=3s",
                "-Dverdict.outbox.poll-interval=100ms",
                "-jar",
                Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString());
        Map<String, String> env = pb.environment();
        env.put("VERDICT_DB_URL", jdbc);
        env.put("VERDICT_DB_USER", TestPostgres.get().username());
        env.put("VERDICT_DB_PASSWORD", TestPostgres.get().password());
        env.put("VERDICT_KAFKA_BOOTSTRAP", TestKafka.get().bootstrapServers());
        env.put("VERDICT_OIDC_URL", KeycloakResource.realmUrl());
        env.put("VERDICT_DEPLOY_WORK_DIR", WORK.resolve("work").toString());
        env.put("VERDICT_DEPLOY_ROUTER_PORT", Integer.toString(routerPort));
        env.put("VERDICT_DEPLOY_RECORD_INTERVAL", "1s");
        env.put("VERDICT_DEPLOY_STOP_ON_SHUTDOWN", "true");
        Process p = pb.redirectErrorStream(true)
                .redirectOutput(WORK.resolve("orchestrator-" + n + ".log").toFile())
                .start();
        url = "http://localhost:" + port;
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    assertThat(p.isAlive())
                            .as("orchestrator %d exited; see %s", n, WORK)
                            .isTrue();
                    try {
                        return DeployFixture.HTTP
                                        .send(
                                                HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                                                        .build(),
                                                HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
        return p;
    }

    static RequestSpecification as(String user) {
        return given().baseUri(url)
                .auth()
                .oauth2(KeycloakResource.accessToken(user))
                .contentType(ContentType.JSON);
    }

    static JsonPath get(String id) {
        return as("viewer")
                .get("/api/deployments/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static String trigger(String version, String steps) throws Exception {
        String body = "{\"component\": \"payments-api\", \"version\": \"" + version + "\", \"artifact\": "
                + DeployFixture.artifactJson() + ", \"steps\": " + steps + "}";
        // the owner projection may still be catching up with the catalog event: 404 until it has
        await().atMost(Duration.ofSeconds(60))
                .until(() -> as("engineer").body(body).post("/api/deployments").statusCode() != 404);
        List<Map<String, Object>> items = as("viewer")
                .queryParam("component", COMPONENT)
                .queryParam("size", 1)
                .get("/api/deployments")
                .then()
                .extract()
                .jsonPath()
                .getList("items");
        return (String) items.get(0).get("id");
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void anOrchestratorKilledMidAnalysisResumesAndPromotesWithoutRoutingToARemovedInstance() throws Exception {
        orchestrator = start(1);
        String first = trigger("1.0.0", "[{\"setWeight\": 25}, {\"analysis\": {\"interval\": \"10s\"}}]");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "PROMOTED".equals(get(first).getString("summary.status")));
        load = new DeployFixture.Load(routerPort, 3);

        // failureLimit 1: one chance Fail of an equal version is tolerated (two in a row would be a real difference)
        String id = trigger(
                "1.1.0",
                "[{\"setWeight\": 25}, {\"analysis\": {\"interval\": \"8s\", \"count\": 2, \"failureLimit\": 1}}]");
        // in the middle of the analysis: the first window is open
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "STEP_WAIT".equals(get(id).getString("phase")) && get(id).getInt("summary.weight") == 25);
        Thread.sleep(3000);
        long pid = orchestrator.pid();
        orchestrator.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
        orchestrator.waitFor();
        assertThat(ProcessHandle.of(pid)).isEmpty();

        orchestrator = start(2);
        JsonPath done = null;
        for (int i = 0; i < 120 && (done == null || done.getString("summary.finishedAt") == null); i++) {
            Thread.sleep(500);
            done = get(id);
        }
        assertThat(done.getString("summary.status")).as(done.prettify()).isEqualTo("PROMOTED");
        assertThat(done.getList("judgements.classification")).hasSize(2).contains("Pass");
        List<String> kinds = as("viewer")
                .get("/api/deployments/" + id + "/timeline")
                .then()
                .extract()
                .jsonPath()
                .getList("items.kind");
        assertThat(kinds).containsSubsequence("ANALYSIS", "RECOVERED", "JUDGED", "JUDGED", "PROMOTED");

        load.drain();
        Thread.sleep(1500);
        assertThat(load.drain()).containsOnlyKeys("1.1.0");
        assertThat(load.badGateway.get())
                .as("requests the router could not place")
                .isZero();
        assertThat(load.refused.get())
                .as("requests while the orchestrator (and its router) was down")
                .isPositive();
        assertThat(ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().orElse("").contains("dev.verdict.demo.DemoService")
                                || p.info().commandLine().orElse("").contains("verdict-demo-service"))
                        .count())
                .as("only the promoted canary's instance still runs")
                .isEqualTo(1);
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aRestartRemovesPlacementsNobodyKnowsAndStartsAStableWhoseInstancesDiedAgain() throws Exception {
        if (orchestrator == null || !orchestrator.isAlive()) {
            orchestrator = start(3);
        }
        String release = as("viewer")
                .get("/api/deployments?component=" + COMPONENT + "&status=PROMOTED&size=1")
                .then()
                .extract()
                .jsonPath()
                .getString("items[0].version");
        assertThat(release).isNotNull();
        orchestrator.destroyForcibly(); // SIGKILL
        orchestrator.waitFor();

        // while it is down: the stable's instance dies too, and a placement nobody knows about appears, as one
        // started by a deploy whose transaction never committed would be (the target's own record format)
        List<ProcessHandle> stable = demoProcesses();
        assertThat(stable).hasSize(1);
        stable.forEach(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(20)).until(() -> demoProcesses().isEmpty());
        int orphanPort = freePort();
        Path jar = Path.of(dev.verdict.demo.DemoService.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        ProcessBuilder orphanBuilder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx64m",
                        "-cp",
                        jar.toString(),
                        "dev.verdict.demo.DemoService",
                        Integer.toString(orphanPort))
                .redirectErrorStream(true)
                .redirectOutput(WORK.resolve("orphan.log").toFile());
        orphanBuilder.environment().put("VERDICT_VERSION", "9.9.9");
        Process orphan = orphanBuilder.start();
        try {
            recoverWith(orphan, orphanPort, release);
        } finally {
            orphan.destroyForcibly();
        }
    }

    private void recoverWith(Process orphan, int orphanPort, String release) throws Exception {
        java.util.Properties record = new java.util.Properties();
        record.setProperty("id", "orphan-1");
        record.setProperty("component", COMPONENT);
        record.setProperty("scope", "canary");
        record.setProperty("version", "9.9.9");
        record.setProperty("instances", "1");
        record.setProperty("0.id", "orphan-1-0");
        record.setProperty("0.port", Integer.toString(orphanPort));
        record.setProperty("0.pid", Long.toString(orphan.pid()));
        record.setProperty(
                "0.started", orphan.info().startInstant().orElseThrow().toString());
        record.setProperty("0.log", WORK.resolve("orphan.log").toString());
        try (var w = Files.newBufferedWriter(WORK.resolve("work/placements/orphan-1.properties"))) {
            record.store(w, "written by DeploymentCrashIT");
        }

        orchestrator = start(4);
        // the stable version answers again through the router, and nothing else does
        load.drain();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Map<String, Long> seen = load.drain();
                    return seen.containsKey(release) && seen.size() == 1;
                });
        await().atMost(Duration.ofSeconds(30)).until(() -> !orphan.isAlive());
        assertThat(demoProcesses()).as("the restarted stable's instance only").hasSize(1);
        assertThat(Files.exists(WORK.resolve("work/placements/orphan-1.properties")))
                .isFalse();
        Thread.sleep(1500);
        assertThat(load.drain()).containsOnlyKeys(release);
    }

    static List<ProcessHandle> demoProcesses() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("dev.verdict.demo.DemoService")
                        || p.info().commandLine().orElse("").contains("verdict-demo-service"))
                .toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
