package dev.verdict.catalog;

import static dev.verdict.catalog.testsupport.Descriptors.component;
import static io.restassured.RestAssured.given;

import dev.verdict.catalog.testsupport.Descriptors;
import dev.verdict.catalog.testsupport.TestRepo;
import dev.verdict.testing.ApiMatrixTests;
import dev.verdict.testing.AuthorizationMatrix;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
class ApiMatrixTest extends ApiMatrixTests {

    static {
        Descriptors.sendYamlAsText();
    }

    @Override
    protected String service() {
        return "catalog-service";
    }

    @Override
    protected AuthorizationMatrix.Fixture prepare(String run) throws Exception {
        String api = "matrix-api-" + run;
        given().auth()
                .oauth2(KeycloakResource.accessToken("admin"))
                .contentType("application/yaml")
                .body("apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: matrix-team}\n"
                        + "spec: {type: team, children: [], members: [engineer]}\n---\n"
                        + component(api, "matrix-team"))
                .post("/api/entities")
                .then()
                .statusCode(201);
        // a git location an admin registered, holding a component of matrix-team
        TestRepo repo = TestRepo.create("matrix-location");
        repo.write("catalog-info.yaml", component("matrix-located-" + run, "matrix-team"));
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
                    case "name" -> api;
                    case "id" -> location;
                    default -> null;
                };
            }

            @Override
            public String body(AuthorizationMatrix.Operation op, String contentType) {
                return switch (op.method() + " " + op.path()) {
                    // an update of the owned component: only its owners and admins
                    case "POST /api/entities" ->
                        // JSON, which is YAML too, so that the bad-input matrix can mutate it
                        "{\"apiVersion\": \"backstage.io/v1alpha1\", \"kind\": \"Component\", \"metadata\":"
                                + " {\"name\": \"" + api + "\", \"description\": \"changed\","
                                + " \"tags\": [\"matrix\"]}, \"spec\": {\"type\": \"service\","
                                + " \"lifecycle\": \"production\", \"owner\": \"matrix-team\"}}";
                    case "POST /api/locations" -> "{\"url\": \"" + repo.dir().toUri() + "\", \"branch\": \"main\"}";
                    default -> null;
                };
            }
        };
    }

    /** Namespace of the real files' entities, so they meet no test's entities of the default namespace. */
    static final String FILES_NAMESPACE = "mutated-files";

    /** Backstage's own examples, real catalog files of public repositories and the demo's, as users post them. */
    @Override
    protected List<RealFiles> realFiles(AuthorizationMatrix.Fixture fixture) throws Exception {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(Path.of("src/test/resources/fixtures"), Path.of("../infra/demo/catalog"))) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        return List.of(new RealFiles("POST /api/entities", files, ApiMatrixTest::apart));
    }

    /**
     * The file with every entity moved to {@link #FILES_NAMESPACE} and its name prefixed with {@code mf-}
     * (metadata's children are indented by 2). Both, because the mutations come after: a mutant that loses the
     * namespace line still cannot be an entity another test registers (BackstageExamplesImportTest imports the
     * same examples and expects them to be its own), as one to three mutations cannot also restore the name.
     */
    static String apart(String yaml) {
        return yaml.replaceAll("(?m)^  namespace:.*\\R", "")
                .replaceAll("(?m)^  name: ([A-Za-z0-9])", "  name: mf-$1")
                .replaceAll("(?m)^metadata:[ \\t]*\\R", "metadata:\n  namespace: " + FILES_NAMESPACE + "\n");
    }

    @Override
    protected List<String> stateTables() {
        return List.of("entities", "relations", "locations", "entity_history", "location_files");
    }
}
