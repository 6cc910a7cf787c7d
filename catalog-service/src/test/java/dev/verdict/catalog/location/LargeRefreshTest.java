package dev.verdict.catalog.location;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.verdict.catalog.testsupport.TestRepo;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.junit.jupiter.api.Test;

/**
 * A refresh larger than one write batch (500 entities), so that what one batch writes must see what another wrote:
 * an owner defined in the last batch resolves for the first batch's entities, a dependency on a later batch's entity
 * is a relation, and orphaning (a dropped half, a removed location) and adoption go batch by batch without losing an
 * entity.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "catalog"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "catalog-service"))
@TestSecurity(
        user = "gitter",
        roles = {"viewer", "engineer"})
class LargeRefreshTest {

    static final int COMPONENTS = 1200;

    static String name(int i) {
        return "large-%04d".formatted(i);
    }

    static String component(int i) {
        String deps = i == 0 ? "  dependsOn: [component:" + name(COMPONENTS - 1) + "]\n" : "";
        return """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                spec:
                  type: service
                  lifecycle: production
                  owner: team-large
                %s""".formatted(name(i), deps);
    }

    static String entityPath(int i) {
        return "/api/entities/by-ref/component/default/" + name(i);
    }

    @Test
    void aRefreshOfThreeBatchesWritesOrphansAndAdoptsEveryEntity() throws Exception {
        try (TestRepo repo = TestRepo.create("catalog-large-test")) {
            for (int i = 0; i < COMPONENTS; i++) {
                repo.write("c/" + name(i) + ".yaml", component(i));
            }
            // sorted after every component file: the owner is written in the last batch
            repo.write("z/team.yaml", """
                    apiVersion: backstage.io/v1alpha1
                    kind: Group
                    metadata:
                      name: team-large
                    spec:
                      type: team
                      children: []
                    """);
            repo.commit("1,200 components and their team");

            long id = repo.register("**/*.yaml");
            given().get("/api/locations/" + id)
                    .then()
                    .statusCode(200)
                    .body("location.entityCount", equalTo(COMPONENTS + 1))
                    .body("location.lastResult.created", equalTo(COMPONENTS + 1));
            // the first batch's scorecard was computed before its owner existed; the owner's batch re-evaluates it
            given().get(entityPath(0) + "/scorecard")
                    .then()
                    .statusCode(200)
                    .body("result.rules.find { it.id == 'owner-resolves' }.status", equalTo("PASS"));
            given().get(entityPath(0))
                    .then()
                    .statusCode(200)
                    .body(
                            "relations.findAll { it.type == 'dependsOn' }.targetRef",
                            hasItem("component:default/" + name(COMPONENTS - 1)));

            // drop the second half: 600 orphans, written over two batches
            for (int i = COMPONENTS / 2; i < COMPONENTS; i++) {
                repo.delete("c/" + name(i) + ".yaml");
            }
            repo.commit("drop half");
            given().post("/api/locations/" + id + "/refresh")
                    .then()
                    .statusCode(200)
                    .body("orphaned", equalTo(COMPONENTS / 2));
            given().get(entityPath(COMPONENTS - 1))
                    .then()
                    .body("metadata.annotations.'backstage.io/orphan'", equalTo("true"));
            given().get(entityPath(COMPONENTS / 2 - 1))
                    .then()
                    .body("metadata.annotations.'backstage.io/orphan'", nullValue());

            // removing the location orphans the remaining 601; registering again adopts them
            given().delete("/api/locations/" + id).then().statusCode(204);
            given().get(entityPath(0)).then().body("metadata.annotations.'backstage.io/orphan'", equalTo("true"));
            given().get("/api/entities/by-ref/group/default/team-large")
                    .then()
                    .body("metadata.annotations.'backstage.io/orphan'", equalTo("true"));
            long again = repo.register("**/*.yaml");
            given().get("/api/locations/" + again)
                    .then()
                    .body("location.entityCount", equalTo(COMPONENTS / 2 + 1))
                    .body("location.lastResult.created", equalTo(0));
            given().get(entityPath(0)).then().body("metadata.annotations.'backstage.io/orphan'", nullValue());
            given().get(entityPath(COMPONENTS / 2 - 1) + "/history")
                    .then()
                    .statusCode(200)
                    .body("items[0].change", equalTo("updated"))
                    .body("items[1].change", equalTo("orphaned"));
        }
    }
}
