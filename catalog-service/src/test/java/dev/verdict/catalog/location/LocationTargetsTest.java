package dev.verdict.catalog.location;

import static dev.verdict.catalog.testsupport.Descriptors.component;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import com.sun.net.httpserver.HttpServer;
import dev.verdict.catalog.testsupport.TestRepo;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What Backstage does with a repository beyond single descriptors, against real git repositories and the real
 * PostgreSQL: Location entities' targets are followed, {@code $text}/{@code $json}/{@code $yaml} placeholders are
 * substituted from the same commit or from allow-listed URLs, and refs that cannot name an entity are kept with a
 * warning.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "catalog"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "catalog-service"))
@TestSecurity(
        user = "gitter",
        roles = {"viewer", "engineer"})
class LocationTargetsTest {

    TestRepo repo;

    @BeforeEach
    void repo() throws Exception {
        repo = TestRepo.create("catalog-targets-test");
    }

    @AfterEach
    void close() {
        repo.close();
    }

    static String location(String name, String... targets) {
        StringBuilder sb = new StringBuilder("""
                apiVersion: backstage.io/v1alpha1
                kind: Location
                metadata:
                  name: %s
                spec:
                  targets:
                """.formatted(name));
        for (String t : targets) {
            sb.append("    - ").append(t).append('\n');
        }
        return sb.toString();
    }

    @Test
    void aRootLocationFollowsItsTargetsAndRemovingATargetOrphansItsEntities() throws Exception {
        repo.write("catalog/all.yaml", location("tg-root", "./all-components.yaml", "./apis/*.yaml"));
        repo.write(
                "catalog/all-components.yaml", location("tg-components", "./components/tg-one.yaml", "missing.yaml"));
        repo.write("catalog/components/tg-one.yaml", component("tg-one", "team-tg"));
        repo.write("catalog/apis/tg-api.yaml", """
                apiVersion: backstage.io/v1alpha1
                kind: API
                metadata:
                  name: tg-api
                spec:
                  type: openapi
                  lifecycle: production
                  owner: team-tg
                  definition: "openapi: 3.0.0"
                """);
        repo.write("catalog/unreferenced.yaml", component("tg-unreferenced", "team-tg"));
        repo.commit("initial");

        long id = repo.register("catalog/all.yaml");
        given().get("/api/locations/" + id)
                .then()
                .statusCode(200)
                .body("location.entityCount", equalTo(4))
                .body("location.lastResult.filesMatched", equalTo(4))
                .body(
                        "fileWarnings.'catalog/all-components.yaml'",
                        hasItem(allOf(containsString("line 8, column"), containsString("missing.yaml"))));
        given().get("/api/entities/by-ref/component/default/tg-one")
                .then()
                .statusCode(200)
                .body("status.locationPath", equalTo("catalog/components/tg-one.yaml"))
                .body(
                        "metadata.annotations.'backstage.io/managed-by-location'",
                        containsString("path=catalog/components/tg-one.yaml"))
                .body(
                        "metadata.annotations.'backstage.io/managed-by-origin-location'",
                        containsString("path=catalog/all.yaml"));
        given().get("/api/entities/by-ref/api/default/tg-api").then().statusCode(200);
        given().get("/api/entities/by-ref/component/default/tg-unreferenced")
                .then()
                .statusCode(404);

        // unchanged: the Location files are skipped, and their stored targets still hold the other files
        given().post("/api/locations/" + id + "/refresh")
                .then()
                .statusCode(200)
                .body("filesChanged", equalTo(0))
                .body("filesSkipped", equalTo(4))
                .body("orphaned", equalTo(0));

        // a new file the glob target matches comes in although no Location file changed
        repo.write(
                "catalog/apis/tg-api-2.yaml",
                repo.read("catalog/apis/tg-api.yaml").replace("tg-api", "tg-api-2"));
        repo.commit("another api");
        given().post("/api/locations/" + id + "/refresh")
                .then()
                .statusCode(200)
                .body("filesChanged", equalTo(1))
                .body("created", equalTo(1));

        // the missing target appears: the Location file that names it is read again
        repo.write("catalog/missing.yaml", component("tg-late", "team-tg"));
        repo.commit("late target");
        given().post("/api/locations/" + id + "/refresh").then().statusCode(200).body("created", equalTo(1));
        given().get("/api/locations/" + id).then().body("fileWarnings.'catalog/all-components.yaml'", equalTo(null));

        // the root drops a target: that file's entities become orphans, though the file is still in the repository
        repo.write("catalog/all.yaml", location("tg-root", "./apis/*.yaml"));
        repo.commit("drop components");
        given().post("/api/locations/" + id + "/refresh")
                .then()
                .statusCode(200)
                .body("orphaned", equalTo(3)); // tg-components (a Location), tg-one, tg-late
        given().get("/api/entities/by-ref/component/default/tg-one")
                .then()
                .body("metadata.annotations.'backstage.io/orphan'", equalTo("true"));
        given().get("/api/entities/by-ref/api/default/tg-api-2")
                .then()
                .body("metadata.annotations.'backstage.io/orphan'", equalTo(null));
    }

    /** A broken Location file keeps the files it reaches, and their entities, as they were (not orphaned). */
    @Test
    void aBrokenLocationFileKeepsWhatItReaches() throws Exception {
        repo.write("root.yaml", location("br-root", "./svc/*.yaml"));
        repo.write("svc/br-one.yaml", component("br-one", "team-tg"));
        repo.commit("root");
        long id = repo.register("root.yaml");
        given().get("/api/locations/" + id).then().body("location.entityCount", equalTo(2));

        repo.write("root.yaml", location("br-root", "./svc/*.yaml") + "  broken: [\n");
        repo.commit("break the root");
        given().post("/api/locations/" + id + "/refresh")
                .then()
                .statusCode(200)
                .body("fileErrors", equalTo(1))
                .body("orphaned", equalTo(0));
        given().get("/api/entities/by-ref/component/default/br-one")
                .then()
                .statusCode(200)
                .body("metadata.annotations.'backstage.io/orphan'", equalTo(null));
        // still broken and unchanged: its stored targets are still followed, nothing moves
        given().post("/api/locations/" + id + "/refresh")
                .then()
                .statusCode(200)
                .body("orphaned", equalTo(0))
                .body("updated", equalTo(0));

        repo.write("root.yaml", location("br-root", "./svc/*.yaml"));
        repo.commit("mend the root");
        given().post("/api/locations/" + id + "/refresh")
                .then()
                .statusCode(200)
                .body("fileErrors", equalTo(0))
                .body("orphaned", equalTo(0))
                .body("created", equalTo(0));
    }

    /** Two files of one commit define an entity: the first keeps it; the second takes it once the first drops it. */
    @Test
    void aFileThatLostAnEntityToAnotherTakesItOverWhenTheOtherDropsIt() throws Exception {
        repo.write("a/catalog-info.yaml", component("dup-x", "team-a"));
        repo.write("b/catalog-info.yaml", component("dup-x", "team-b"));
        repo.commit("both");
        long id = repo.register("**/catalog-info.yaml");
        given().get("/api/locations/" + id)
                .then()
                .body("fileErrors.'b/catalog-info.yaml'", containsString("also defined in a/catalog-info.yaml"));
        given().get("/api/entities/by-ref/component/default/dup-x").then().body("spec.owner", equalTo("team-a"));

        repo.write("a/catalog-info.yaml", component("dup-a-only", "team-a"));
        repo.commit("a drops dup-x");
        given().post("/api/locations/" + id + "/refresh")
                .then()
                .statusCode(200)
                .body("orphaned", equalTo(0))
                .body("fileErrors", equalTo(0));
        given().get("/api/entities/by-ref/component/default/dup-x")
                .then()
                .body("spec.owner", equalTo("team-b"))
                .body("status.locationPath", equalTo("b/catalog-info.yaml"))
                .body("metadata.annotations.'backstage.io/orphan'", equalTo(null));
    }

    /** A file refused for a kind the catalog does not hold is read again, although unchanged, on every refresh. */
    @Test
    void aFileInErrorIsReadAgainOnEveryRefresh() throws Exception {
        repo.write("catalog-info.yaml", component("re-ok", "team-a"));
        repo.write(
                "other/catalog-info.yaml", component("re-broken", "team-a").replace("kind: Component", "kind: Widget"));
        repo.commit("one unknown kind");
        long id = repo.register("**/catalog-info.yaml");
        given().post("/api/locations/" + id + "/refresh")
                .then()
                .statusCode(200)
                .body("filesChanged", equalTo(1))
                .body("filesSkipped", equalTo(1))
                .body("fileErrors", equalTo(1));
    }

    @Test
    void aLocationCycleIsReadOnce() throws Exception {
        repo.write("a.yaml", location("cy-a", "./b.yaml"));
        repo.write("b.yaml", location("cy-b", "./a.yaml", "./c.yaml"));
        repo.write("c.yaml", component("cy-c", "team-tg"));
        repo.commit("cycle");
        long id = repo.register("a.yaml");
        given().get("/api/locations/" + id).then().body("location.entityCount", equalTo(3));
    }

    @Test
    void textJsonAndYamlPlaceholdersReadFilesOfTheSameCommitRelativeToTheDescriptor() throws Exception {
        repo.write("svc/catalog-info.yaml", """
                apiVersion: backstage.io/v1alpha1
                kind: API
                metadata:
                  name: ph-petstore
                  annotations:
                    example.com/settings: {$json: ./settings.json}
                spec:
                  type: openapi
                  lifecycle: production
                  owner: team-ph
                  definition:
                    $text: ./petstore.oas.yaml
                  example.com/extra:
                    $yaml: ../shared/extra.yaml
                """);
        repo.write("svc/petstore.oas.yaml", "openapi: 3.0.0\ninfo:\n  title: Petstore\n");
        repo.write("svc/settings.json", "\"a string from JSON\"");
        repo.write("shared/extra.yaml", "tiers: [gold, silver]\n");
        repo.commit("placeholders");
        long id = repo.register("**/catalog-info.yaml");
        given().get("/api/entities/by-ref/api/default/ph-petstore")
                .then()
                .statusCode(200)
                .body("spec.definition", equalTo("openapi: 3.0.0\ninfo:\n  title: Petstore\n"))
                .body("metadata.annotations.'example.com/settings'", equalTo("a string from JSON"))
                .body("spec.'example.com/extra'.tiers", hasSize(2));

        // only the referenced file changes: the descriptor that reads it is processed again
        repo.write("svc/petstore.oas.yaml", "openapi: 3.1.0\n");
        repo.commit("new definition");
        given().post("/api/locations/" + id + "/refresh")
                .then()
                .statusCode(200)
                .body("filesChanged", equalTo(1))
                .body("updated", equalTo(1));
        given().get("/api/entities/by-ref/api/default/ph-petstore")
                .then()
                .body("spec.definition", equalTo("openapi: 3.1.0\n"));

        // the referenced file goes: an error on the file with line and column, the entity keeps its last version
        repo.delete("svc/petstore.oas.yaml");
        repo.commit("definition gone");
        given().post("/api/locations/" + id + "/refresh").then().statusCode(200).body("fileErrors", equalTo(1));
        given().get("/api/locations/" + id)
                .then()
                .body(
                        "fileErrors.'svc/catalog-info.yaml'",
                        allOf(
                                containsString("/spec/definition/$text (line 12, column 5)"),
                                containsString("no file svc/petstore.oas.yaml")));
        given().get("/api/entities/by-ref/api/default/ph-petstore")
                .then()
                .body("spec.definition", equalTo("openapi: 3.1.0\n"));

        // and it comes back: the file is processed again though its own blob did not change
        repo.write("svc/petstore.oas.yaml", "openapi: 3.2.0\n");
        repo.commit("definition back");
        given().post("/api/locations/" + id + "/refresh").then().statusCode(200).body("fileErrors", equalTo(0));
        given().get("/api/entities/by-ref/api/default/ph-petstore")
                .then()
                .body("spec.definition", equalTo("openapi: 3.2.0\n"));
    }

    @Test
    void aPlaceholderUrlIsReadOnlyFromAnAllowedHost() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/defs/orders.graphql", ex -> {
            byte[] body = "type Order { id: ID! }".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            // 127.0.0.1 is on the test profile's allow-list (verdict.catalog.reading.allow); localhost is not
            repo.write("catalog-info.yaml", """
                    apiVersion: backstage.io/v1alpha1
                    kind: API
                    metadata:
                      name: ph-orders
                    spec:
                      type: graphql
                      lifecycle: production
                      owner: team-ph
                      definition: {$text: "http://127.0.0.1:%d/defs/orders.graphql"}
                    ---
                    apiVersion: backstage.io/v1alpha1
                    kind: API
                    metadata:
                      name: ph-denied
                    spec:
                      type: graphql
                      lifecycle: production
                      owner: team-ph
                      definition: {$text: "http://localhost:%d/defs/orders.graphql"}
                    """.formatted(port, port));
            repo.write("ok/catalog-info.yaml", """
                    apiVersion: backstage.io/v1alpha1
                    kind: API
                    metadata:
                      name: ph-orders-ok
                    spec:
                      type: graphql
                      lifecycle: production
                      owner: team-ph
                      definition: {$text: "http://127.0.0.1:%d/defs/orders.graphql"}
                    """.formatted(port));
            repo.commit("urls");
            long id = repo.register("**/catalog-info.yaml");
            given().get("/api/entities/by-ref/api/default/ph-orders-ok")
                    .then()
                    .statusCode(200)
                    .body("spec.definition", equalTo("type Order { id: ID! }"));
            // the file with the disallowed host is an error as a whole: neither of its entities is written
            given().get("/api/entities/by-ref/api/default/ph-orders").then().statusCode(404);
            String error = given().get("/api/locations/" + id).then().extract().path("fileErrors.'catalog-info.yaml'");
            assertThat(error)
                    .contains("document 2 /spec/definition/$text (line 19, column ")
                    .contains("host localhost:" + port + " is not on the reading allow-list");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anEmailOwnerIsAcceptedAsAnUnresolvedRefWithAWarning() throws Exception {
        repo.write("catalog-info.yaml", component("em-artist-web", "artists@example.com"));
        repo.commit("e-mail owner");
        long id = repo.register("catalog-info.yaml");
        given().get("/api/locations/" + id)
                .then()
                .body("location.entityCount", equalTo(1))
                .body("fileWarnings.'catalog-info.yaml'", hasItem(containsString("line 8")));
        given().get("/api/entities/by-ref/component/default/em-artist-web")
                .then()
                .statusCode(200)
                .body("relations.find { it.type == 'ownedBy' }.targetRef", equalTo("group:default/artists@example.com"))
                .body("relations.find { it.type == 'ownedBy' }.resolved", equalTo(false))
                .body("status.warnings[0].path", equalTo("/spec/owner"))
                .body("status.warnings[0].line", equalTo(8))
                .body("status.warnings[0].message", containsString("not a valid entity name"));
    }
}
