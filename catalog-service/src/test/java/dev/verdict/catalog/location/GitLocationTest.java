package dev.verdict.catalog.location;

import static dev.verdict.catalog.testsupport.Descriptors.component;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.verdict.catalog.location.service.LocationRefresher;
import dev.verdict.catalog.testsupport.TestRepo;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Git locations against real git repositories (created with JGit in a temp dir) and the real PostgreSQL. */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "catalog"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "catalog-service"))
@TestSecurity(
        user = "gitter",
        roles = {"viewer", "engineer"})
class GitLocationTest {

    @Inject
    LocationRefresher refresher;

    TestRepo repo;
    Path repoDir;

    @BeforeEach
    void repo() throws Exception {
        repo = TestRepo.create("catalog-git-test");
        repoDir = repo.dir();
    }

    @AfterEach
    void close() {
        repo.close();
    }

    void write(String path, String content) throws IOException {
        repo.write(path, content);
    }

    void commit(String message) throws Exception {
        repo.commit(message);
    }

    long register(String glob) {
        return repo.register(glob);
    }

    @Test
    void importRefreshSkipOrphanAndPurge() throws Exception {
        write("svc-a/catalog-info.yaml", component("loc-a", "team-loc"));
        write("svc-b/catalog-info.yaml", component("loc-b", "team-loc") + "---\n" + component("loc-b2", "team-loc"));
        write("catalog-info.yaml", component("loc-root", "team-loc"));
        write("docs/other.yaml", component("loc-ignored", "team-loc"));
        commit("initial");

        long id = register("**/catalog-info.yaml");
        given().get("/api/locations/" + id)
                .then()
                .statusCode(200)
                .body("location.entityCount", equalTo(4))
                .body("location.lastError", equalTo(null))
                .body("location.lastResult.created", equalTo(4));
        given().get("/api/entities/by-ref/component/default/loc-b2")
                .then()
                .statusCode(200)
                .body("status.locationId", equalTo((int) id))
                .body(
                        "metadata.annotations.'backstage.io/managed-by-location'",
                        containsString("path=svc-b/catalog-info.yaml"));
        given().get("/api/entities/by-ref/component/default/loc-ignored").then().statusCode(404);

        // nothing changed: every file skipped by content hash
        given().post("/api/locations/" + id + "/refresh")
                .then()
                .statusCode(200)
                .body("filesSkipped", equalTo(3))
                .body("filesChanged", equalTo(0))
                .body("updated", equalTo(0));

        // change one file, remove b2 from the other: a is updated, b2 becomes an orphan, root is skipped
        write("svc-a/catalog-info.yaml", component("loc-a", "team-other"));
        write("svc-b/catalog-info.yaml", component("loc-b", "team-loc"));
        commit("change");
        given().post("/api/locations/" + id + "/refresh")
                .then()
                .statusCode(200)
                .body("filesChanged", equalTo(2))
                .body("filesSkipped", equalTo(1))
                .body("updated", equalTo(1))
                .body("unchanged", equalTo(1))
                .body("orphaned", equalTo(1));
        given().get("/api/entities/by-ref/component/default/loc-a").then().body("spec.owner", equalTo("team-other"));
        given().get("/api/entities/by-ref/component/default/loc-b2")
                .then()
                .statusCode(200)
                .body("metadata.annotations.'backstage.io/orphan'", equalTo("true"))
                .body("status.orphanedAt", notNullValue());
        // the list finds orphans (other test classes may have left some: filter by the owner of ours)
        given().get("/api/entities?orphaned=true&owner=team-loc")
                .then()
                .statusCode(200)
                .body("items.metadata.name", equalTo(List.of("loc-b2")));
        given().get("/api/entities?orphaned=false&owner=team-loc")
                .then()
                .statusCode(200)
                .body("items.metadata.name", not(hasItem("loc-b2")))
                .body("items.metadata.name", hasItem("loc-b"));
        given().get("/api/entities/by-ref/component/default/loc-a/history")
                .then()
                .body("items[0].actor", equalTo("location:" + id))
                .body("items[0].diff.path", hasItem("/spec/owner"));

        // still within the grace period: kept; after it: deleted
        assertThat(refresher.purgeOrphans(Instant.now().minus(1, ChronoUnit.HOURS)))
                .isZero();
        given().get("/api/entities/by-ref/component/default/loc-b2").then().statusCode(200);
        assertThat(refresher.purgeOrphans(Instant.now().plus(1, ChronoUnit.MINUTES)))
                .isEqualTo(1);
        given().get("/api/entities/by-ref/component/default/loc-b2").then().statusCode(404);
        given().get("/api/entities/by-ref/component/default/loc-b2/history")
                .then()
                .body("items.change", equalTo(List.of("deleted", "orphaned", "created")));
    }

    @Test
    void brokenFileKeepsItsEntitiesAndReportsTheLine() throws Exception {
        write("x/catalog-info.yaml", component("broken-keep", "t"));
        commit("ok");
        long id = register("**/catalog-info.yaml");
        write("x/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: [oops\n");
        commit("break");
        given().post("/api/locations/" + id + "/refresh")
                .then()
                .statusCode(200)
                .body("fileErrors", equalTo(1))
                .body("orphaned", equalTo(0));
        given().get("/api/locations/" + id).then().body("fileErrors.'x/catalog-info.yaml'", containsString("line"));
        given().get("/api/entities/by-ref/component/default/broken-keep")
                .then()
                .statusCode(200)
                .body("metadata.annotations.'backstage.io/orphan'", equalTo(null));
    }

    @Test
    void cloneErrorIsShownOnTheLocationAndEntitiesAreUntouched() throws Exception {
        write("catalog-info.yaml", component("clone-err-svc", "t"));
        commit("ok");
        long id = register("catalog-info.yaml");
        String before = given().get("/api/entities/by-ref/component/default/clone-err-svc")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        // The remote disappears (and the cache with it, as on a fresh replica).
        repo.close();
        deleteTree(repoDir);
        try (var caches = Files.list(Path.of(System.getProperty("java.io.tmpdir"), "verdict-catalog-git-test"))) {
            for (Path c : caches.filter(c -> c.getFileName().toString().startsWith("location-" + id + "-"))
                    .toList()) {
                deleteTree(c);
            }
        }
        given().post("/api/locations/" + id + "/refresh")
                .then()
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("error", containsString("cannot clone"));
        given().get("/api/locations/" + id).then().body("location.lastError", containsString("cannot clone"));
        given().get("/api/entities/by-ref/component/default/clone-err-svc")
                .then()
                .statusCode(200)
                .body(equalTo(before));
        repo = TestRepo.create("unused"); // for @AfterEach

        // a location that never cloned is registered with its error
        given().contentType(ContentType.JSON)
                .body(Map.of("url", "file:///nonexistent/repo.git"))
                .post("/api/locations")
                .then()
                .statusCode(201)
                .body("refresh.status", equalTo("failed"))
                .body("location.lastError", containsString("cannot clone"));
        given().contentType(ContentType.JSON)
                .body(Map.of("url", "ssh://host/x.git"))
                .post("/api/locations")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void sameEntityFromTwoLocationsIsAConflictNamingBoth() throws Exception {
        write("a/catalog-info.yaml", component("contested", "t"));
        commit("a");
        long first = register("a/*.yaml");
        Path other;
        try (TestRepo r2 = TestRepo.create("catalog-git-test-2")) {
            r2.write("catalog-info.yaml", component("contested", "someone-else"));
            r2.commit("b");
            other = r2.dir();
        }
        long second = given().contentType(ContentType.JSON)
                .body(Map.of("url", other.toUri().toString(), "path", "catalog-info.yaml"))
                .post("/api/locations")
                .then()
                .statusCode(201)
                .body("refresh.conflicts[0].entityRef", equalTo("component:default/contested"))
                .body("refresh.conflicts[0].ownerLocationId", equalTo((int) first))
                .extract()
                .jsonPath()
                .getLong("location.id");
        given().get("/api/locations/" + second)
                .then()
                .body("conflicts[0].path", equalTo("catalog-info.yaml"))
                .body("conflicts[0].ownerLocationId", equalTo((int) first));
        given().get("/api/entities/by-ref/component/default/contested")
                .then()
                .body("spec.owner", equalTo("t"))
                .body("status.locationId", equalTo((int) first));
    }

    @Test
    void concurrentRefreshesOfOneLocationDoNotBothRun() throws Exception {
        for (int i = 0; i < 200; i++) {
            write("many/" + i + "/catalog-info.yaml", component("conc-" + i, "t"));
        }
        commit("many");
        long id = register("many/**/catalog-info.yaml");
        for (int i = 0; i < 200; i++) {
            write("many/" + i + "/catalog-info.yaml", component("conc-" + i, "t2"));
        }
        commit("all changed");
        var a = CompletableFuture.supplyAsync(() -> refresher.refresh(id));
        var b = CompletableFuture.supplyAsync(() -> refresher.refresh(id));
        List<String> statuses = List.of(a.join().status(), b.join().status());
        int updated = a.join().updated() + b.join().updated();
        assertThat(updated).as("the 200 changes are applied exactly once").isEqualTo(200);
        assertThat(statuses).contains("ok");
        // each change is stored once: one "updated" in every entity's history, not two
        for (int i : new int[] {0, 57, 199}) {
            given().get("/api/entities/by-ref/component/default/conc-" + i + "/history")
                    .then()
                    .statusCode(200)
                    .body("items.change", equalTo(List.of("updated", "created")));
        }
        // a scheduled refresh (another replica's, whose list of due locations is now stale) does not run it again
        assertThat(refresher.refreshIfDue(id).status()).isEqualTo("not-due");
        assertThat(refresher.refresh(id).status()).as("on demand it still runs").isEqualTo("ok");
    }

    @Test
    @TestSecurity(
            user = "git-admin",
            roles = {"viewer", "engineer", "admin"})
    void anEntityOfALocationIsDeletedInItsRepositoryNotThroughTheApiButAnOrphanMayBe() throws Exception {
        write("catalog-info.yaml", component("managed-del", "t") + "---\n" + component("managed-orphan", "t"));
        commit("two");
        long id = register("catalog-info.yaml");
        // Even admin: deleting it here would last only until... never, as its unchanged file is skipped on refresh.
        given().delete("/api/entities/by-ref/component/default/managed-del")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("managed by location " + id));
        given().get("/api/entities/by-ref/component/default/managed-del").then().statusCode(200);
        write("catalog-info.yaml", component("managed-del", "t"));
        commit("orphan one");
        given().post("/api/locations/" + id + "/refresh").then().body("orphaned", equalTo(1));
        given().delete("/api/entities/by-ref/component/default/managed-orphan")
                .then()
                .statusCode(204);
        given().get("/api/entities/by-ref/component/default/managed-orphan/history")
                .then()
                .body("items.change", equalTo(List.of("deleted", "orphaned", "created")))
                .body("items[0].actor", equalTo("user:git-admin"));
    }

    @Test
    void anEntityDefinedInASecondFileOfTheSameLocationStaysWithTheFirst() throws Exception {
        write("a/catalog-info.yaml", component("dup-in-loc", "from-a"));
        commit("a");
        long id = register("**/catalog-info.yaml");
        // a new file defines it again while a (unchanged, so skipped) still does
        write(
                "b/catalog-info.yaml",
                component("dup-in-loc", "from-b") + "---\n" + component("dup-in-loc-other", "from-b"));
        commit("b");
        given().post("/api/locations/" + id + "/refresh")
                .then()
                .body("created", equalTo(1))
                .body("conflicts[0].entityRef", equalTo("component:default/dup-in-loc"))
                .body("conflicts[0].path", equalTo("b/catalog-info.yaml"));
        given().get("/api/entities/by-ref/component/default/dup-in-loc")
                .then()
                .body("spec.owner", equalTo("from-a"))
                .body("status.locationPath", equalTo("a/catalog-info.yaml"));
        given().get("/api/locations/" + id)
                .then()
                .body("fileErrors.'b/catalog-info.yaml'", containsString("already defined in a/catalog-info.yaml"));
        // nothing changes: still the same, the conflicting file is retried and still loses
        given().post("/api/locations/" + id + "/refresh").then().body("updated", equalTo(0));
        given().get("/api/entities/by-ref/component/default/dup-in-loc").then().body("spec.owner", equalTo("from-a"));
        // a gives it up: now b's definition is the one, and the conflict is gone
        write("a/catalog-info.yaml", component("dup-in-loc-a2", "from-a"));
        commit("a gives up");
        given().post("/api/locations/" + id + "/refresh").then().body("orphaned", equalTo(0));
        given().get("/api/entities/by-ref/component/default/dup-in-loc")
                .then()
                .body("spec.owner", equalTo("from-b"))
                .body("status.locationPath", equalTo("b/catalog-info.yaml"));
        given().get("/api/locations/" + id)
                .then()
                .body("conflicts.size()", equalTo(0))
                .body("fileErrors.size()", equalTo(0));
    }

    @Test
    void twoReplicasPurgingAtOnceDeleteEachOrphanOnce() throws Exception {
        for (int i = 0; i < 30; i++) {
            write("p/" + i + "/catalog-info.yaml", component("purge-" + i, "t"));
        }
        commit("thirty");
        long id = register("p/**/catalog-info.yaml");
        given().delete("/api/locations/" + id).then().statusCode(204);
        Instant cutoff = Instant.now().plus(1, ChronoUnit.MINUTES);
        var a = CompletableFuture.supplyAsync(() -> refresher.purgeOrphans(cutoff));
        var b = CompletableFuture.supplyAsync(() -> refresher.purgeOrphans(cutoff));
        // other test classes may have left orphans too; ours are 30
        assertThat(a.join() + b.join()).isGreaterThanOrEqualTo(30);
        for (int i = 0; i < 30; i++) {
            given().get("/api/entities/by-ref/component/default/purge-" + i + "/history")
                    .then()
                    .body("items.change", equalTo(List.of("deleted", "orphaned", "created")));
        }
    }

    @Test
    void anInvalidGlobIsA400() {
        given().contentType(ContentType.JSON)
                .body(Map.of("url", repoDir.toUri().toString(), "path", "svc/[oops"))
                .post("/api/locations")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("invalid path glob"));
    }

    @Test
    void anOrphanIsAdoptedAgainWhenItReappears() throws Exception {
        write("a/catalog-info.yaml", component("adopt-a", "t"));
        write("b/catalog-info.yaml", component("adopt-b", "t"));
        commit("two");
        long id = register("**/catalog-info.yaml");
        // a whole file disappears: its entity becomes an orphan
        Files.delete(repoDir.resolve("b/catalog-info.yaml"));
        commit("b gone");
        given().post("/api/locations/" + id + "/refresh")
                .then()
                .body("filesRemoved", equalTo(1))
                .body("orphaned", equalTo(1));
        given().get("/api/entities/by-ref/component/default/adopt-b")
                .then()
                .statusCode(200)
                .body("metadata.annotations.'backstage.io/orphan'", equalTo("true"));
        // it comes back (in another file): no longer an orphan, so never purged
        write("c/catalog-info.yaml", component("adopt-b", "t"));
        commit("b back");
        given().post("/api/locations/" + id + "/refresh").then().body("updated", equalTo(1));
        given().get("/api/entities/by-ref/component/default/adopt-b")
                .then()
                .statusCode(200)
                .body("metadata.annotations.'backstage.io/orphan'", equalTo(null))
                .body("status.orphanedAt", equalTo(null))
                .body("status.locationPath", equalTo("c/catalog-info.yaml"));
        refresher.purgeOrphans(Instant.now().plus(1, ChronoUnit.DAYS));
        given().get("/api/entities/by-ref/component/default/adopt-b").then().statusCode(200);
        given().get("/api/entities/by-ref/component/default/adopt-b/history")
                .then()
                .body("items.change", equalTo(List.of("updated", "orphaned", "created")));
    }

    @Test
    void whenTheOwningLocationGoesTheConflictingOneTakesTheEntityOver() throws Exception {
        write("catalog-info.yaml", component("handover", "first-team"));
        commit("first");
        long first = register("catalog-info.yaml");
        Path other;
        try (TestRepo r2 = TestRepo.create("catalog-git-test-handover")) {
            r2.write("catalog-info.yaml", component("handover", "second-team"));
            r2.commit("b");
            other = r2.dir();
        }
        long second = given().contentType(ContentType.JSON)
                .body(Map.of("url", other.toUri().toString(), "path", "catalog-info.yaml"))
                .post("/api/locations")
                .then()
                .statusCode(201)
                .body("refresh.conflicts[0].ownerLocationId", equalTo((int) first))
                .extract()
                .jsonPath()
                .getLong("location.id");
        // nothing changed in the second repository, but its conflicting file is retried on every refresh
        given().post("/api/locations/" + second + "/refresh").then().body("conflicts[0].ownerLocationId", equalTo((int)
                first));

        given().delete("/api/locations/" + first).then().statusCode(204);
        given().get("/api/entities/by-ref/component/default/handover")
                .then()
                .body("metadata.annotations.'backstage.io/orphan'", equalTo("true"));
        given().post("/api/locations/" + second + "/refresh")
                .then()
                .body("updated", equalTo(1))
                .body("conflicts.size()", equalTo(0));
        given().get("/api/entities/by-ref/component/default/handover")
                .then()
                .body("spec.owner", equalTo("second-team"))
                .body("status.locationId", equalTo((int) second))
                .body("status.orphanedAt", equalTo(null));
        given().get("/api/locations/" + second)
                .then()
                .body("conflicts.size()", equalTo(0))
                .body("location.entityCount", equalTo(1));
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
