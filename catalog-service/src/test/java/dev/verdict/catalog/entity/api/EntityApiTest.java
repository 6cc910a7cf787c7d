package dev.verdict.catalog.entity.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.verdict.catalog.testsupport.Descriptors;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The entity API against the real PostgreSQL of libs/testing. Authentication is tested with real Keycloak tokens
 * in {@code SecurityTest}; here the caller is fixed so the tests are about catalog behaviour.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "catalog"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "catalog-service"))
@TestSecurity(
        user = "alice",
        roles = {"viewer", "engineer", "admin"})
class EntityApiTest {

    static final String YAML = "application/yaml";

    static {
        Descriptors.sendYamlAsText();
    }

    static Response post(String yaml) {
        return given().contentType(YAML).body(yaml).post("/api/entities");
    }

    static String component(String name, String owner, String extra) {
        return """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                  description: %s service
                  tags: [java, api-test]
                spec:
                  type: service
                  lifecycle: production
                  owner: %s
                %s""".formatted(name, name, owner, extra);
    }

    @Test
    void multiDocumentRegistrationKeepsUnknownFieldsAndComputesRelations() {
        String yaml = """
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata: {name: rel-team}
                spec: {type: team, children: []}
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: rel-web
                  x-vendor: {keep: me}
                spec:
                  type: website
                  lifecycle: production
                  owner: rel-team
                  dependsOn: [component:rel-not-yet]
                  customField: 42
                """;
        post(yaml)
                .then()
                .statusCode(201)
                .body("entities.ref", equalTo(List.of("group:default/rel-team", "component:default/rel-web")))
                .body("entities[1].change", equalTo("created"))
                .body("entities[1].unresolved", equalTo(List.of("component:default/rel-not-yet")));

        given().get("/api/entities/by-ref/component/default/rel-web")
                .then()
                .statusCode(200)
                .body("metadata.x-vendor.keep", equalTo("me"))
                .body("spec.customField", equalTo(42))
                .body("metadata.uid", notNullValue())
                .body("metadata.namespace", equalTo("default"))
                .body(
                        "relations.findAll { it.type == 'ownedBy' }.targetRef",
                        equalTo(List.of("group:default/rel-team")))
                .body("relations.find { it.type == 'dependsOn' }.resolved", equalTo(false));
        given().get("/api/entities/by-ref/group/default/rel-team/relations")
                .then()
                .statusCode(200)
                .body("find { it.type == 'ownerOf' }.targetRef", equalTo("component:default/rel-web"));

        // the missing dependency arrives later: the same relation now resolves
        post(component("rel-not-yet", "rel-team", "")).then().statusCode(201);
        given().get("/api/entities/by-ref/component/default/rel-web/relations")
                .then()
                .body("find { it.type == 'dependsOn' }.resolved", equalTo(true));
        given().get("/api/entities/by-ref/component/default/rel-not-yet/relations")
                .then()
                .body("find { it.type == 'dependencyOf' }.targetRef", equalTo("component:default/rel-web"));

        // the same descriptor again changes nothing
        post(component("rel-not-yet", "rel-team", ""))
                .then()
                .statusCode(200)
                .body("entities[0].change", equalTo("unchanged"));
    }

    /** issue #15: Backstage accepts e-mail owners; so does the API, with the warning in the answer and the entity. */
    @Test
    void anEmailOwnerIsRegisteredUnresolvedWithAWarning() {
        post("""
                        apiVersion: backstage.io/v1alpha1
                        kind: Component
                        metadata:
                          name: api-artist-web
                        spec:
                          type: website
                          lifecycle: production
                          owner: artists@example.com
                        """)
                .then()
                .statusCode(201)
                .body("entities[0].unresolved", hasItem("group:default/artists@example.com"))
                .body("entities[0].warnings[0].path", equalTo("/spec/owner"))
                .body("entities[0].warnings[0].line", equalTo(8));
        given().get("/api/entities/by-ref/component/default/api-artist-web")
                .then()
                .statusCode(200)
                .body("spec.owner", equalTo("artists@example.com"))
                .body("status.warnings[0].message", containsString("not a valid entity name"));
        given().get("/api/entities?owner=artists@example.com")
                .then()
                .statusCode(200)
                .body("items.metadata.name", hasItem("api-artist-web"));
    }

    /** An allowed URL placeholder resolves in a submission too (127.0.0.1 is on the test profile's allow-list). */
    @Test
    void anAllowedUrlPlaceholderInASubmissionIsSubstituted() throws Exception {
        com.sun.net.httpserver.HttpServer server =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/orders.graphql", ex -> {
            byte[] body = "type Order { id: ID! }".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            post("""
                            apiVersion: backstage.io/v1alpha1
                            kind: API
                            metadata:
                              name: api-ph-url
                            spec:
                              type: graphql
                              lifecycle: production
                              owner: team-x
                              definition: {$text: "http://127.0.0.1:%d/orders.graphql"}
                            """.formatted(server.getAddress().getPort())).then().statusCode(201);
            given().get("/api/entities/by-ref/api/default/api-ph-url")
                    .then()
                    .statusCode(200)
                    .body("spec.definition", equalTo("type Order { id: ID! }"));
        } finally {
            server.stop(0);
        }
    }

    /** A submission has no file around it: a relative placeholder is a 422 at its line, and nothing is stored. */
    @Test
    void aRelativePlaceholderInASubmissionIsA422AtItsLine() {
        post("""
                        apiVersion: backstage.io/v1alpha1
                        kind: API
                        metadata:
                          name: api-ph-relative
                        spec:
                          type: openapi
                          lifecycle: production
                          owner: team-x
                          definition:
                            $text: ./petstore.oas.yaml
                        """)
                .then()
                .statusCode(422)
                .body("violations[0].path", equalTo("/spec/definition/$text"))
                .body("violations[0].line", equalTo(10))
                .body("violations[0].message", containsString("register the file through a git location"));
        given().get("/api/entities/by-ref/api/default/api-ph-relative").then().statusCode(404);
    }

    @Test
    void oneBadDocumentStoresNothingAndEveryViolationIsListedWithItsLine() {
        String yaml = component("atomic-ok", "team-x", "") + """
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: bad--name
                  tags: [UPPER]
                spec:
                  type: service
                """;
        given().contentType(YAML)
                .body(yaml)
                .post("/api/entities")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("type", equalTo("https://verdict.dev/problems/validation"))
                .body("violations", hasSize(4))
                .body("violations.find { it.path == '/metadata/name' }.line", equalTo(15))
                .body("violations.find { it.path == '/metadata/name' }.document", equalTo(1))
                .body("violations.find { it.path == '/metadata/tags/0' }.line", equalTo(16))
                .body("violations.path", hasItem("/spec/lifecycle"))
                .body("violations.path", hasItem("/spec/owner"));
        given().get("/api/entities/by-ref/component/default/atomic-ok")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://verdict.dev/problems/not-found"));
    }

    @Test
    void yamlSyntaxErrorIs400WithLineAndColumn() {
        given().contentType(YAML)
                .body("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: [x\n")
                .post("/api/entities")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("line", notNullValue())
                .body("column", notNullValue())
                .body("detail", containsString("invalid YAML"))
                // libs/problem shape: the same position is also the one entry of the violation list
                .body("violations[0].line", notNullValue())
                .body("violations[0].message", containsString("invalid YAML"));
    }

    @Test
    void unknownKindIs422() {
        post("apiVersion: backstage.io/v1alpha1\nkind: Widget\nmetadata: {name: w}\nspec: {}\n")
                .then()
                .statusCode(422)
                .body("violations[0].path", equalTo("/kind"))
                .body("violations[0].line", equalTo(2))
                .body("violations[0].message", containsString("unknown kind"));
    }

    @Test
    void bodyOverOneMebibyteIs413ProblemJson() {
        String big = component("big", "t", "") + "  padding: \"" + "x".repeat(1024 * 1024) + "\"\n";
        given().contentType(YAML)
                .body(big)
                .post("/api/entities")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("maxBytes", equalTo(1024 * 1024));
    }

    @Test
    void jsonRegistration() {
        given().contentType("application/json")
                .body("""
                [{"apiVersion":"backstage.io/v1alpha1","kind":"System","metadata":{"name":"json-sys"},"spec":{"owner":"t"}}]
                """)
                .post("/api/entities")
                .then()
                .statusCode(201)
                .body("entities[0].ref", equalTo("system:default/json-sys"));
        given().contentType("application/json")
                .body("{\"kind\": }")
                .post("/api/entities")
                .then()
                .statusCode(400)
                .body("line", equalTo(1));
    }

    @Test
    void listFiltersSearchAndKeysetPagination() {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            yaml.append(i == 0 ? "" : "---\n")
                    .append(component("page-svc-" + i, i % 2 == 0 ? "page-even" : "page-odd", "  system: page-shop\n"));
        }
        yaml.append("---\n")
                .append(component("lonely-searchable-thing", "page-odd", "")
                        .replace("service\n  lifecycle", "library\n  lifecycle"));
        post(yaml.toString()).then().statusCode(201);

        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var req = given().queryParam("system", "page-shop").queryParam("limit", 10);
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            Response r = req.get("/api/entities");
            r.then().statusCode(200);
            List<String> names = r.jsonPath().getList("items.metadata.name");
            names.forEach(n ->
                    assertThat(seen.add(n)).as("no duplicates across pages").isTrue());
            order.addAll(names);
            cursor = r.jsonPath().getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(seen).hasSize(25);
        assertThat(pages).isEqualTo(3);
        assertThat(order).isSorted();

        given().queryParam("owner", "page-even")
                .queryParam("system", "page-shop")
                .queryParam("limit", 100)
                .get("/api/entities")
                .then()
                .body("items", hasSize(13))
                .body("nextCursor", nullValue());
        given().queryParam("owner", "group:default/page-odd")
                .queryParam("type", "library")
                .get("/api/entities")
                .then()
                .body("items.metadata.name", equalTo(List.of("lonely-searchable-thing")));
        given().queryParam("q", "lonely search")
                .get("/api/entities")
                .then()
                .body("items.metadata.name", equalTo(List.of("lonely-searchable-thing")));
        given().queryParam("q", "api-test")
                .queryParam("kind", "component")
                .queryParam("tag", "api-test")
                .queryParam("lifecycle", "production")
                .queryParam("namespace", "default")
                .queryParam("limit", 500)
                .get("/api/entities")
                .then()
                .body("items.size()", org.hamcrest.Matchers.greaterThanOrEqualTo(26));
        given().queryParam("kind", "Gadget")
                .get("/api/entities")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("cursor", "%%%").get("/api/entities").then().statusCode(400);
        given().queryParam("orphaned", "yes")
                .get("/api/entities")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("orphaned must be true or false"));
    }

    @Test
    void dependencyGraphToADepth() {
        post(component("g-a", "t", "  dependsOn: [component:g-b]\n") + "---\n"
                        + component("g-b", "t", "  dependsOn: [component:g-c, resource:g-db]\n") + "---\n"
                        + component("g-c", "t", "  dependsOn: [component:g-d]\n") + "---\n"
                        + component("g-d", "t", "  dependsOn: [component:g-a]\n"))
                .then()
                .statusCode(201);
        given().queryParam("depth", 2)
                .get("/api/entities/by-ref/component/default/g-a/graph")
                .then()
                .statusCode(200)
                .body(
                        "nodes.ref",
                        equalTo(List.of(
                                "component:default/g-a",
                                "component:default/g-b",
                                "component:default/g-c",
                                "resource:default/g-db")))
                .body("nodes.find { it.ref == 'resource:default/g-db' }.resolved", equalTo(false))
                .body("edges", hasSize(3))
                // edge ends are ref strings, as the nodes' refs are (the portal draws edges between them)
                .body("edges.source", everyItem(startsWith("component:default/")))
                .body("edges.find { it.target == 'resource:default/g-db' }.type", equalTo("dependsOn"));
        // a cycle (d -> a) does not loop
        given().queryParam("depth", 10)
                .get("/api/entities/by-ref/component/default/g-a/graph")
                .then()
                .body("nodes", hasSize(5));
        given().queryParam("direction", "dependencyOf")
                .queryParam("depth", 1)
                .get("/api/entities/by-ref/component/default/g-c/graph")
                .then()
                .body("nodes.ref", equalTo(List.of("component:default/g-c", "component:default/g-b")));
    }

    @Test
    void historyKeepsEveryChangeWithActorAndDiff() {
        post(component("hist-svc", "team-1", "")).then().statusCode(201);
        post(component("hist-svc", "team-2", "")).then().statusCode(200).body("entities[0].change", equalTo("updated"));
        given().delete("/api/entities/by-ref/component/default/hist-svc").then().statusCode(204);
        given().get("/api/entities/by-ref/component/default/hist-svc").then().statusCode(404);
        given().get("/api/entities/by-ref/component/default/hist-svc/history")
                .then()
                .statusCode(200)
                .body("items.change", equalTo(List.of("deleted", "updated", "created")))
                .body("items[0].actor", equalTo("user:alice"))
                .body(
                        "items[1].diff",
                        equalTo(List.of(java.util.Map.of(
                                "op", "replace", "path", "/spec/owner", "value", "team-2", "oldValue", "team-1"))));
        given().queryParam("limit", 1)
                .get("/api/entities/by-ref/component/default/hist-svc/history")
                .then()
                .body("items", hasSize(1))
                .body("nextCursor", notNullValue());
        given().delete("/api/entities/by-ref/component/default/hist-svc").then().statusCode(404);
    }

    @Test
    void scorecardIsRecomputedWhenTheOwnerAppears() {
        String svc = component("score-svc", "score-team", """
                  system: score-sys
                """)
                .replace(
                        "  tags:",
                        "  annotations: {verdict.dev/jdk: \"21\", backstage.io/source-location: \"url:x\"}\n  links: [{url: \"https://r\", type: runbook}]\n  tags:");
        post(svc).then().statusCode(201);
        given().get("/api/entities/by-ref/component/default/score-svc/scorecard")
                .then()
                .statusCode(200)
                .body("result.level", nullValue())
                .body("result.rules.find { it.id == 'owner-resolves' }.status", equalTo("FAIL"));
        post("apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: score-team}\nspec: {type: team, children: []}\n")
                .then()
                .statusCode(201);
        given().get("/api/entities/by-ref/component/default/score-svc/scorecard")
                .then()
                .body("result.level", equalTo("gold"));
        given().get("/api/scorecards/rules")
                .then()
                .statusCode(200)
                .body("levels", equalTo(List.of("bronze", "silver", "gold")));
    }

    @Test
    void openApiAndHealth() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/entities"));
    }
}
