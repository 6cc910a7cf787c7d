package dev.verdict.catalog;

import static dev.verdict.catalog.testsupport.Descriptors.component;
import static io.restassured.RestAssured.given;

import dev.verdict.catalog.testsupport.Descriptors;
import dev.verdict.catalog.testsupport.TestRepo;
import dev.verdict.testing.AuthorizationMatrix;
import dev.verdict.testing.AuthorizationMatrixTests;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;

/**
 * Every operation of this service × every kind of caller against src/test/resources/authorization-policy.txt
 * (libs/testing's AuthorizationMatrix). The owner rows act on component matrix-api, owned by group matrix-team,
 * whose member is the demo user engineer; the location rows on a git location an admin registered, which holds a
 * component of matrix-team.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "catalog"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "catalog-service"))
class AuthorizationMatrixTest extends AuthorizationMatrixTests {

    static {
        Descriptors.sendYamlAsText();
    }

    @Override
    protected String service() {
        return "catalog-service";
    }

    @Override
    protected AuthorizationMatrix.Fixture prepare() throws Exception {
        given().auth()
                .oauth2(KeycloakResource.accessToken("admin"))
                .contentType("application/yaml")
                .body("apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: matrix-team}\n"
                        + "spec: {type: team, children: [], members: [engineer]}\n---\n"
                        + component("matrix-api", "matrix-team"))
                .post("/api/entities")
                .then()
                .statusCode(201);
        // a git location an admin registered, holding a component of matrix-team
        TestRepo repo = TestRepo.create("matrix-location");
        repo.write("catalog-info.yaml", component("matrix-located", "matrix-team"));
        repo.commit("matrix");
        String location = given().auth()
                .oauth2(KeycloakResource.accessToken("admin"))
                .contentType(ContentType.JSON)
                .body(Map.of("url", repo.dir().toUri().toString(), "branch", "main"))
                .post("/api/locations")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("location.id");
        return new AuthorizationMatrix.Fixture() {
            @Override
            public String parameter(AuthorizationMatrix.Operation op, String name) {
                return switch (name) {
                    case "kind" -> "component";
                    case "namespace" -> "default";
                    case "name" -> "matrix-api";
                    case "id" -> location;
                    default -> null;
                };
            }

            @Override
            public String body(AuthorizationMatrix.Operation op, String contentType) {
                if (op.method().equals("POST") && op.path().equals("/api/entities")) {
                    // an update of the owned component: only its owners and admins
                    return component("matrix-api", "matrix-team") + "  description: changed by the matrix\n";
                }
                return null;
            }
        };
    }
}
