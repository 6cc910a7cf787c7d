package dev.verdict.plugin.process.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.verdict.plugin.Artifact;
import dev.verdict.plugin.DeploySpec;
import dev.verdict.plugin.DeployTarget;
import dev.verdict.plugin.DeployTargetFactory;
import dev.verdict.plugin.InstanceStatus;
import dev.verdict.plugin.Placement;
import dev.verdict.plugin.Plugins;
import dev.verdict.plugin.Scope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real OS processes (a small Java HTTP server per instance) behind the real router, found as the "process" plugin. */
class ProcessTargetTest {

    static final String COMPONENT = "component:default/payments-api";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;

    static Artifact server() throws Exception {
        Path source = Path.of(
                ProcessTargetTest.class.getResource("/apps/VersionServer.java").toURI());
        return new Artifact(Artifact.Type.COMMAND, "java " + source + " {port}");
    }

    static Map<Scope, Integer> split(int stable, int canary) {
        Map<Scope, Integer> w = new EnumMap<>(Scope.class);
        w.put(Scope.STABLE, stable);
        w.put(Scope.CANARY, canary);
        return w;
    }

    void awaitReady(DeployTarget t, Placement p) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(t.instances(p))
                        .isNotEmpty()
                        .allMatch(i -> i.health() == InstanceStatus.Health.READY));
    }

    static Map<String, Integer> send(ProcessTarget t, int n) throws Exception {
        Map<String, Integer> seen = new TreeMap<>();
        int port = t.router(COMPONENT).port();
        for (int i = 0; i < n; i++) {
            seen.merge(
                    HTTP.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/pay"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body(),
                    1,
                    Integer::sum);
        }
        return seen;
    }

    @Test
    void aCanaryTakesItsShareOfRealTrafficAndIsPromotedWithoutARequestToARemovedInstance() throws Exception {
        DeployTarget target = Plugins.create(
                DeployTargetFactory.class,
                getClass().getClassLoader(),
                "process",
                Map.of("work-dir", work.toString(), "router-port", "0", "stop-grace", "5s", "record-interval", "1s"));
        ProcessTarget t = (ProcessTarget) target;
        try {
            Placement stable =
                    t.deploy(new DeploySpec("d1", COMPONENT, Scope.STABLE, "1.0.0", server(), 2, null, null));
            Placement canary =
                    t.deploy(new DeploySpec("d2", COMPONENT, Scope.CANARY, "1.1.0", server(), 1, null, null));
            awaitReady(t, stable);
            awaitReady(t, canary);
            // deploying the same spec again (a restarted step) finds what runs
            assertThat(t.deploy(new DeploySpec("d2", COMPONENT, Scope.CANARY, "1.1.0", server(), 1, null, null)))
                    .isEqualTo(canary);
            assertThat(t.instances(canary)).hasSize(1);

            // Prometheus's file_sd view of the same instances, labelled by scope
            Path scrape = work.resolve("prometheus/targets.json");
            assertThat(java.nio.file.Files.readString(scrape))
                    .contains("\"verdict_scope\":\"canary\"", "\"verdict_version\":\"1.1.0\"")
                    .contains("\"verdict_component\":\"" + COMPONENT + "\"", "\"__metrics_path__\":\"/q/metrics\"");
            for (InstanceStatus i : t.instances(canary)) {
                assertThat(java.nio.file.Files.readString(scrape)).contains("\"" + i.address() + "\"");
            }

            t.setWeights(COMPONENT, split(90, 10));
            assertThat(send(t, 100)).containsExactly(Map.entry("1.0.0", 90), Map.entry("1.1.0", 10));
            assertThatThrownBy(() -> t.remove(canary)).hasMessageContaining("set its weight to 0");

            // promote: all traffic to the canary, it becomes stable, the old stable goes
            t.setWeights(COMPONENT, split(0, 100));
            Placement promoted = t.rescope(canary, Scope.STABLE);
            t.setWeights(COMPONENT, Map.of(Scope.STABLE, 100));
            t.remove(stable);
            assertThat(t.instances(stable)).isEmpty();
            // the old stable left the scrape targets; the promoted canary is listed as stable
            String after = java.nio.file.Files.readString(scrape);
            assertThat(after).doesNotContain("\"verdict_version\":\"1.0.0\"", "\"verdict_scope\":\"canary\"");
            assertThat(after).contains("\"verdict_scope\":\"stable\",\"verdict_version\":\"1.1.0\"");
            assertThat(send(t, 30)).containsExactly(Map.entry("1.1.0", 30));
            assertThat(t
                            .router(COMPONENT)
                            .records()
                            .window(
                                    Scope.CANARY,
                                    java.time.Instant.now().minusSeconds(600),
                                    java.time.Instant.now().plusSeconds(2))
                            .stream()
                            .mapToLong(r -> r.requests())
                            .sum())
                    .isEqualTo(10 + 0); // the canary's own share before the promotion; after it, it is stable
            // the promoted stable serves everything: removing it would strand the traffic
            assertThatThrownBy(() -> t.remove(promoted)).hasMessageContaining("still gets 100 %");
        } finally {
            t.stopAll();
            target.close();
        }
    }

    @Test
    void aVersionRunsOnTheJdkHomeItNamesAndWhatTheTargetCannotRunIsRefused() throws Exception {
        ProcessTarget t = new ProcessTarget(work, "/", Duration.ofSeconds(5), 0, Duration.ofSeconds(10));
        try {
            String home = System.getProperty("java.home");
            Placement p = t.deploy(new DeploySpec("d4", COMPONENT, Scope.STABLE, "3.0.0", server(), 1, home, null));
            awaitReady(t, p);
            assertThat(ProcessHandle.allProcesses()
                            .filter(h -> h.info().commandLine().orElse("").contains("VersionServer.java"))
                            .map(h -> h.info().command().orElse(""))
                            .toList())
                    .contains(Path.of(home, "bin", "java").toString());
            t.setWeights(COMPONENT, Map.of(Scope.STABLE, 100));
            assertThat(send(t, 5)).containsExactly(Map.entry("3.0.0", 5));
            assertThatThrownBy(() -> t.deploy(
                            new DeploySpec("d5", COMPONENT, Scope.CANARY, "3.1.0", server(), 1, work.toString(), null)))
                    .hasMessageContaining("runtime " + work + ": not a JDK")
                    .hasMessageContaining("has no 'release' file");
            // by feature version: the installed JDK of that version (this JVM's own, so it is there)
            int feature = Runtime.version().feature();
            assertThat(ProcessTarget.java(Integer.toString(feature)))
                    .isEqualTo(Path.of(Path.of(home).toRealPath().toString(), "bin", "java")
                            .toString());
            assertThatThrownBy(() -> ProcessTarget.java("4"))
                    .hasMessageContaining("runtime 4: no installed JDK matches '4'");
            assertThatThrownBy(() -> t.deploy(new DeploySpec(
                            "d6",
                            COMPONENT,
                            Scope.CANARY,
                            "3.1.0",
                            new Artifact(Artifact.Type.IMAGE, "registry/payments:3.1.0"),
                            1,
                            null,
                            null)))
                    .hasMessageContaining("not images");
        } finally {
            t.stopAll();
            t.close();
        }
    }

    @Test
    void anInstanceThatExitsIsFailedWithItsLog() throws Exception {
        ProcessTarget t = new ProcessTarget(work, "/", Duration.ofSeconds(5), 0, Duration.ofSeconds(10));
        try {
            Placement p = t.deploy(new DeploySpec(
                    "d3",
                    COMPONENT,
                    Scope.CANARY,
                    "2.0.0",
                    new Artifact(Artifact.Type.COMMAND, "java -version {port}"),
                    1,
                    null,
                    null));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () -> assertThat(t.instances(p).get(0).health()).isEqualTo(InstanceStatus.Health.FAILED));
            assertThat(t.instances(p).get(0).detail()).contains("exited with").contains(".log");
            assertThatThrownBy(() -> t.setWeights(COMPONENT, split(0, 100)))
                    .hasMessageContaining("no instance to send it to");
            t.remove(p);
            assertThat(t.instances(p)).isEmpty();
        } finally {
            t.stopAll();
            t.close();
        }
    }

    @Test
    void aTargetCreatedAgainAfterItsHostDiedAdoptsTheInstancesThatStillRunAndReportsTheDeadOnes() throws Exception {
        ProcessTarget first = new ProcessTarget(work, "/", Duration.ofSeconds(5), 0, Duration.ofSeconds(1));
        Placement stable =
                first.deploy(new DeploySpec("d7", COMPONENT, Scope.STABLE, "1.0.0", server(), 2, null, null));
        awaitReady(first, stable);
        first.close(); // the host process "dies": its router goes, the instances keep running

        ProcessTarget second = new ProcessTarget(work, "/", Duration.ofSeconds(5), 0, Duration.ofSeconds(1));
        try {
            assertThat(second.placements()).containsExactly(stable);
            awaitReady(second, stable);
            // the same spec again finds the adopted placement instead of starting a copy
            assertThat(second.deploy(new DeploySpec("d7", COMPONENT, Scope.STABLE, "1.0.0", server(), 2, null, null)))
                    .isEqualTo(stable);
            second.setWeights(COMPONENT, Map.of(Scope.STABLE, 100));
            assertThat(send(second, 20)).containsExactly(Map.entry("1.0.0", 20));

            // one instance dies while nobody watches: a third incarnation reports it FAILED
            ProcessHandle victim =
                    ProcessHandle.of(second.instancePids(stable).get(0)).orElseThrow();
            victim.destroyForcibly();
            victim.onExit().get();
            second.close();
            ProcessTarget third = new ProcessTarget(work, "/", Duration.ofSeconds(5), 0, Duration.ofSeconds(1));
            try {
                assertThat(third.instances(stable))
                        .extracting(InstanceStatus::health)
                        .containsExactlyInAnyOrder(InstanceStatus.Health.READY, InstanceStatus.Health.FAILED);
                Placement next =
                        third.deploy(new DeploySpec("d8", COMPONENT, Scope.CANARY, "1.1.0", server(), 1, null, null));
                awaitReady(third, next);
                third.setWeights(COMPONENT, split(0, 100));
                third.remove(stable);
                assertThat(third.placements()).containsExactly(next);
                third.stopAll(); // the local stack going down: forgets its placements too
                assertThat(third.placements()).isEmpty();
                assertThat(new ProcessTarget(work, "/", Duration.ofSeconds(5), 0, Duration.ofSeconds(1)).placements())
                        .as("a removed placement is not adopted again")
                        .isEmpty();
            } finally {
                third.stopAll();
                third.close();
            }
        } finally {
            second.stopAll();
            second.close();
        }
    }

    @Test
    void eachScopesCpuTimeFromTheOsIsRecordedPerRequest() throws Exception {
        ProcessTarget t = new ProcessTarget(work, "/", Duration.ofSeconds(5), 0, Duration.ofSeconds(1));
        try {
            Placement stable =
                    t.deploy(new DeploySpec("d9", COMPONENT, Scope.STABLE, "1.0.0", server(), 1, null, null));
            Placement canary =
                    t.deploy(new DeploySpec("d10", COMPONENT, Scope.CANARY, "1.1.0-cpu", server(), 1, null, null));
            awaitReady(t, stable);
            awaitReady(t, canary);
            t.setWeights(COMPONENT, split(50, 50));
            Thread.sleep(2500); // both instances have had their first (start-up) sample
            java.time.Instant from = java.time.Instant.now();
            send(t, 200);
            Thread.sleep(2500); // the samples of the intervals that just ended
            java.time.Instant to = java.time.Instant.now();
            dev.verdict.plugin.MetricSource cpu = t.ownMetrics().orElseThrow().getValue();
            double canaryMs = mean(cpu.query(query(Scope.CANARY, from, to)).values());
            double stableMs = mean(cpu.query(query(Scope.STABLE, from, to)).values());
            // 5 ms of CPU burnt per canary request; the plain server uses a fraction of that
            assertThat(canaryMs).isGreaterThan(3.0).isGreaterThan(stableMs + 2.0);
        } finally {
            t.stopAll();
            t.close();
        }
    }

    static dev.verdict.plugin.MetricQuery query(Scope scope, java.time.Instant from, java.time.Instant to) {
        return new dev.verdict.plugin.MetricQuery(
                "cpu",
                Map.of("type", "router", "measure", "cpu-per-request"),
                COMPONENT,
                scope,
                null,
                null,
                from,
                to,
                Duration.ofSeconds(1));
    }

    /** Requests-weighted enough here: the mean of the intervals that had requests. */
    static double mean(double[] values) {
        return java.util.Arrays.stream(values)
                .filter(v -> !Double.isNaN(v))
                .average()
                .orElse(Double.NaN);
    }
}
