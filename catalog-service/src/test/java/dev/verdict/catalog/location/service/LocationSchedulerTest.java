package dev.verdict.catalog.location.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.verdict.catalog.location.git.SilentServer;
import dev.verdict.catalog.testsupport.Descriptors;
import dev.verdict.catalog.testsupport.TestRepo;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;

/**
 * The scheduler itself (not a direct call) refreshes locations and deletes orphans after their grace period: the app
 * runs with the scheduler on, a tick every second, a refresh interval of 2 s, a grace period of 3 s and a git timeout
 * of 1 s. The tests only commit to repositories and wait for the catalog to follow.
 */
@QuarkusTest
@TestProfile(LocationSchedulerTest.FastScheduler.class)
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "catalog"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "catalog-service"))
@TestSecurity(
        user = "scheduler-test",
        roles = {"viewer", "engineer"})
public class LocationSchedulerTest {

    public static class FastScheduler implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "verdict.catalog.locations.scheduler-enabled", "true",
                    "verdict.catalog.locations.scheduler-every", "1s",
                    "verdict.catalog.locations.scheduler-delay", "1s",
                    "verdict.catalog.locations.refresh-interval", "2s",
                    "verdict.catalog.locations.orphan-grace", "3s",
                    "verdict.catalog.locations.git-timeout", "1s");
        }
    }

    /** Not a timing assertion: the bound only keeps a broken scheduler from hanging the build. */
    static final Duration PATIENCE = Duration.ofSeconds(90);

    @Inject
    LocationScheduler scheduler;

    static void waitFor(String what, Callable<Boolean> condition) {
        await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(condition);
    }

    static int status(String ref) {
        return given().get("/api/entities/by-ref/component/default/" + ref)
                .then()
                .extract()
                .statusCode();
    }

    static String owner(String ref) {
        return given().get("/api/entities/by-ref/component/default/" + ref)
                .then()
                .extract()
                .jsonPath()
                .getString("spec.owner");
    }

    @Test
    void theSchedulerRefreshesLocationsAndPurgesOrphansAfterTheGracePeriod() throws Exception {
        Path dir = Files.createTempDirectory("catalog-sched");
        try (Git git =
                Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            Files.writeString(
                    dir.resolve("catalog-info.yaml"),
                    Descriptors.component("sched-a", "team-one") + "---\n"
                            + Descriptors.component("sched-b", "team-one"),
                    StandardCharsets.UTF_8);
            TestRepo.commit(git, "initial");
            long id = given().contentType(ContentType.JSON)
                    .body(Map.of("url", dir.toUri().toString(), "path", "catalog-info.yaml"))
                    .post("/api/locations")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath()
                    .getLong("location.id");
            assertThat(owner("sched-a")).isEqualTo("team-one");

            // Only a commit: a changes owner, b vanishes, c appears. Nobody calls refresh.
            Files.writeString(
                    dir.resolve("catalog-info.yaml"),
                    Descriptors.component("sched-a", "team-two") + "---\n"
                            + Descriptors.component("sched-c", "team-two"),
                    StandardCharsets.UTF_8);
            TestRepo.commit(git, "change");
            waitFor("the scheduled refresh to import sched-c", () -> status("sched-c") == 200);
            assertThat(owner("sched-a")).isEqualTo("team-two");
            given().get("/api/entities/by-ref/component/default/sched-a/history")
                    .then()
                    .body("items[0].actor", equalTo("location:" + id))
                    .body("items.change", equalTo(List.of("updated", "created")));

            // b was orphaned by that refresh, and the scheduler deletes it once the 3 s grace period is over.
            waitFor("the orphan purge to delete sched-b", () -> status("sched-b") == 404);
            given().get("/api/entities/by-ref/component/default/sched-b/history")
                    .then()
                    .body("items.change", equalTo(List.of("deleted", "orphaned", "created")))
                    .body("items[0].actor", equalTo("orphan-purge"))
                    .body("items[1].actor", equalTo("location:" + id));
            given().get("/api/entities/by-ref/component/default/sched-a").then().statusCode(200);
        }
    }

    @Test
    void replicasTickingAtOnceStoreEachChangeOnce() throws Exception {
        Path dir = Files.createTempDirectory("catalog-sched-replicas");
        try (Git git =
                Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            for (int i = 0; i < 40; i++) {
                Files.createDirectories(dir.resolve("s" + i));
                Files.writeString(
                        dir.resolve("s" + i + "/catalog-info.yaml"), Descriptors.component("rep-" + i, "old"));
            }
            TestRepo.commit(git, "initial");
            long id = given().contentType(ContentType.JSON)
                    .body(Map.of("url", dir.toUri().toString()))
                    .post("/api/locations")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath()
                    .getLong("location.id");
            for (int i = 0; i < 40; i++) {
                Files.writeString(
                        dir.resolve("s" + i + "/catalog-info.yaml"), Descriptors.component("rep-" + i, "new"));
            }
            TestRepo.commit(git, "all changed");
            // Two more "replicas" run the scheduler's round in a loop next to the app's own scheduler until the
            // change has landed.
            List<CompletableFuture<List<RefreshResult>>> replicas = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                replicas.add(CompletableFuture.supplyAsync(() -> {
                    List<RefreshResult> seen = new ArrayList<>();
                    // each replica runs its rounds on its own thread; the two wait at once, so neither swaps the
                    // JVM-wide uncaught-exception handler as Awaitility does by default
                    await("a replica's rounds to land the change")
                            .atMost(PATIENCE)
                            .pollInterval(Duration.ZERO)
                            .pollInSameThread()
                            .dontCatchUncaughtExceptions()
                            .until(() -> {
                                if ("new".equals(owner("rep-39"))) {
                                    return true;
                                }
                                seen.addAll(scheduler.runOnce());
                                return false;
                            });
                    return seen;
                }));
            }
            List<RefreshResult> seen = new ArrayList<>();
            replicas.forEach(f -> seen.addAll(f.join()));
            List<RefreshResult> mine =
                    seen.stream().filter(r -> r.locationId() == id).toList();
            assertThat(mine).as("the replicas did try to refresh the location").isNotEmpty();
            assertThat(mine).extracting(RefreshResult::status).isSubsetOf("ok", "busy", "not-due");
            waitFor("every entity to be updated", () -> "new".equals(owner("rep-0")) && "new".equals(owner("rep-39")));
            for (int i = 0; i < 40; i++) {
                given().get("/api/entities/by-ref/component/default/rep-" + i + "/history")
                        .then()
                        .body("items.change", equalTo(List.of("updated", "created")));
            }
        }
    }

    @Test
    void aRemoteThatNeverAnswersDoesNotHoldUpTheScheduler() throws Exception {
        Path dir = Files.createTempDirectory("catalog-sched-after-silent");
        try (SilentServer silent = new SilentServer();
                Git git = Git.init()
                        .setDirectory(dir.toFile())
                        .setInitialBranch("main")
                        .call()) {
            // registered first, so it is due first in every round
            long stuck = given().contentType(ContentType.JSON)
                    .body(Map.of("url", "http://127.0.0.1:" + silent.port() + "/silent.git"))
                    .post("/api/locations")
                    .then()
                    .statusCode(201)
                    .body("refresh.status", equalTo("failed"))
                    .extract()
                    .jsonPath()
                    .getLong("location.id");
            Files.writeString(dir.resolve("catalog-info.yaml"), Descriptors.component("after-silent", "one"));
            TestRepo.commit(git, "one");
            given().contentType(ContentType.JSON)
                    .body(Map.of("url", dir.toUri().toString(), "path", "catalog-info.yaml"))
                    .post("/api/locations")
                    .then()
                    .statusCode(201);
            Files.writeString(dir.resolve("catalog-info.yaml"), Descriptors.component("after-silent", "two"));
            TestRepo.commit(git, "two");
            waitFor("the scheduler to get past the silent remote", () -> "two".equals(owner("after-silent")));
            int attempts = silent.connections();
            waitFor("the scheduler to try the silent remote again", () -> silent.connections() > attempts);
            given().get("/api/locations/" + stuck)
                    .then()
                    .body(
                            "location.lastError",
                            org.hamcrest.Matchers.containsString("no answer within 1 s (git-timeout)"));
        }
    }
}
