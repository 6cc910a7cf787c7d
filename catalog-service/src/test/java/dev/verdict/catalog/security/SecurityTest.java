package dev.verdict.catalog.security;

import static dev.verdict.catalog.testsupport.Descriptors.component;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.verdict.catalog.testsupport.Descriptors;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Closed by default, with real tokens from the real Keycloak: no token 401, wrong role 403, ownership rules for
 * changing and deleting entities.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "catalog"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "catalog-service"))
class SecurityTest {

    static {
        Descriptors.sendYamlAsText();
    }

    @Test
    void everyEndpointNeedsAValidTokenExceptHealthAndMetrics() {
        given().get("/api/entities").then().statusCode(401);
        given().get("/api/entities/by-ref/component/default/x").then().statusCode(401);
        given().contentType("application/yaml")
                .body(component("x", "y"))
                .post("/api/entities")
                .then()
                .statusCode(401);
        given().get("/api/locations").then().statusCode(401);
        given().get("/q/openapi").then().statusCode(401);
        given().auth().oauth2("not-a-jwt").get("/api/entities").then().statusCode(401);
        given().get("/q/health").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }

    @Test
    void refusalsOfTheHttpSecurityLayerAreProblemJson() {
        for (String path : List.of("/api/entities", "/api/entities/by-ref/component/default/x", "/q/openapi")) {
            given().get(path)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", startsWith("Bearer"))
                    .body("type", equalTo("https://verdict.dev/problems/unauthorized"))
                    .body("title", equalTo("Unauthorized"))
                    .body("status", equalTo(401))
                    .body("detail", equalTo("a valid bearer token is required"));
        }
        given().auth()
                .oauth2("not-a-jwt")
                .get("/api/entities")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("https://verdict.dev/problems/unauthorized"))
                .body("detail", containsString("not valid"));
        // an HTTP permission policy (test profile: /test/admin-only needs admin) denies before any resource runs
        given().auth()
                .oauth2(KeycloakResource.accessToken("viewer"))
                .get("/test/admin-only")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://verdict.dev/problems/forbidden"))
                .body("status", equalTo(403))
                .body("title", equalTo("Forbidden"));
        given().auth()
                .oauth2(KeycloakResource.accessToken("admin"))
                .get("/test/admin-only")
                .then()
                .statusCode(404);
    }

    @Test
    void viewerReadsButCannotWrite() {
        String viewer = KeycloakResource.accessToken("viewer");
        given().auth().oauth2(viewer).get("/api/entities").then().statusCode(200);
        given().auth().oauth2(viewer).get("/q/openapi").then().statusCode(200);
        given().auth()
                .oauth2(viewer)
                .contentType("application/yaml")
                .body(component("sec-v", "t"))
                .post("/api/entities")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(viewer)
                .delete("/api/entities/by-ref/component/default/sec-v")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(KeycloakResource.accessToken("engineer"))
                .post("/api/teams/sync")
                .then()
                .statusCode(403);
    }

    @Test
    void deletingAnotherTeamsEntityNeedsMembershipOfItsOwnerOrAdmin() {
        String engineer = KeycloakResource.accessToken("engineer");
        String architect = KeycloakResource.accessToken("architect");
        String admin = KeycloakResource.accessToken("admin");
        given().auth()
                .oauth2(engineer)
                .contentType("application/yaml")
                .body(component("sec-owned", "sec-team"))
                .post("/api/entities")
                .then()
                .statusCode(201);
        // engineers cannot write the org structure (it grants rights through Keycloak)
        given().auth()
                .oauth2(engineer)
                .contentType("application/yaml")
                .body(
                        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: sec-team}\nspec: {type: team, children: [], members: [engineer]}\n")
                .post("/api/entities")
                .then()
                .statusCode(403)
                .body("detail", containsString("only admin"));
        // not a member of group:default/sec-team yet
        given().auth()
                .oauth2(engineer)
                .delete("/api/entities/by-ref/component/default/sec-owned")
                .then()
                .statusCode(403)
                .body("detail", containsString("group:default/sec-team"));
        given().auth()
                .oauth2(admin)
                .contentType("application/yaml")
                .body(
                        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: sec-team}\nspec: {type: team, children: [], members: [engineer]}\n")
                .post("/api/entities")
                .then()
                .statusCode(201);
        // architect (an engineer by role, but not in the team) still may not
        given().auth()
                .oauth2(architect)
                .delete("/api/entities/by-ref/component/default/sec-owned")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(engineer)
                .delete("/api/entities/by-ref/component/default/sec-owned")
                .then()
                .statusCode(204);

        given().auth()
                .oauth2(engineer)
                .contentType("application/yaml")
                .body(component("sec-admin", "sec-other"))
                .post("/api/entities")
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(admin)
                .delete("/api/entities/by-ref/component/default/sec-admin")
                .then()
                .statusCode(204);
        given().auth()
                .oauth2(admin)
                .get("/api/entities/by-ref/component/default/sec-admin/history")
                .then()
                .body("items[0].actor", equalTo("user:admin"));
    }

    /**
     * The core flow with real tokens, end to end: an engineer registers, a viewer reads everything and can change
     * nothing (entities and locations), someone outside the owner group can neither change nor delete, membership
     * declared on the User entity ({@code spec.memberOf}) grants both.
     */
    @Test
    void viewerReadsEngineerWritesOwnerGroupMembersChangeAndDelete() {
        String viewer = KeycloakResource.accessToken("viewer");
        String engineer = KeycloakResource.accessToken("engineer");
        String architect = KeycloakResource.accessToken("architect");
        String admin = KeycloakResource.accessToken("admin");
        String ref = "/api/entities/by-ref/component/default/sec-flow";

        given().auth()
                .oauth2(engineer)
                .contentType("application/yaml")
                .body(component("sec-flow", "sec-flow-team"))
                .post("/api/entities")
                .then()
                .statusCode(201);

        given().auth().oauth2(viewer).get(ref).then().statusCode(200).body("spec.owner", equalTo("sec-flow-team"));
        given().auth()
                .oauth2(viewer)
                .get("/api/entities?q=sec-flow&kind=component")
                .then()
                .statusCode(200)
                .body("items.metadata.name", org.hamcrest.Matchers.hasItem("sec-flow"));
        given().auth()
                .oauth2(viewer)
                .get(ref + "/history")
                .then()
                .statusCode(200)
                .body("items[0].actor", equalTo("user:engineer"));
        given().auth().oauth2(viewer).get(ref + "/relations").then().statusCode(200);
        given().auth().oauth2(viewer).get(ref + "/scorecard").then().statusCode(200);
        given().auth().oauth2(viewer).get("/api/locations").then().statusCode(200);

        given().auth()
                .oauth2(viewer)
                .contentType("application/yaml")
                .body(component("sec-flow", "viewer-team"))
                .post("/api/entities")
                .then()
                .statusCode(403);
        given().auth().oauth2(viewer).delete(ref).then().statusCode(403);
        given().auth()
                .oauth2(viewer)
                .contentType(ContentType.JSON)
                .body("{\"url\":\"file:///nowhere\"}")
                .post("/api/locations")
                .then()
                .statusCode(403);
        given().auth().oauth2(viewer).post("/api/locations/1/refresh").then().statusCode(403);
        given().auth().oauth2(viewer).delete("/api/locations/1").then().statusCode(403);

        // architect is not in sec-flow-team: may neither change nor delete it
        given().auth()
                .oauth2(architect)
                .contentType("application/yaml")
                .body(component("sec-flow", "architects"))
                .post("/api/entities")
                .then()
                .statusCode(403)
                .body("detail", containsString("group:default/sec-flow-team"));
        given().auth().oauth2(architect).delete(ref).then().statusCode(403);
        given().auth().oauth2(viewer).get(ref).then().body("spec.owner", equalTo("sec-flow-team"));

        // membership declared on the User entity (only admin writes users)
        String user = "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: architect}\n"
                + "spec: {memberOf: [sec-flow-team]}\n";
        given().auth()
                .oauth2(engineer)
                .contentType("application/yaml")
                .body(user)
                .post("/api/entities")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(admin)
                .contentType("application/yaml")
                .body(user)
                .post("/api/entities")
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));
        try {
            given().auth()
                    .oauth2(architect)
                    .contentType("application/yaml")
                    .body(component("sec-flow", "sec-flow-team")
                            .replace("  name: sec-flow\n", "  name: sec-flow\n  description: changed by a member\n"))
                    .post("/api/entities")
                    .then()
                    .statusCode(200);
            given().auth()
                    .oauth2(viewer)
                    .get(ref + "/history")
                    .then()
                    .body("items[0].actor", equalTo("user:architect"))
                    .body("items[0].change", equalTo("updated"));
            // engineer is still not a member
            given().auth().oauth2(engineer).delete(ref).then().statusCode(403);
            given().auth().oauth2(architect).delete(ref).then().statusCode(204);
            given().auth().oauth2(viewer).get(ref).then().statusCode(404);
        } finally {
            given().auth()
                    .oauth2(admin)
                    .delete("/api/entities/by-ref/user/default/architect")
                    .then()
                    .statusCode(204);
        }
    }
}
