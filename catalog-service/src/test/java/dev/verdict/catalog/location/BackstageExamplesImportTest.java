package dev.verdict.catalog.location;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.verdict.catalog.testsupport.TestRepo;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Issue #15's proof: Backstage's own example catalog (checked in unchanged under
 * {@code src/test/resources/fixtures/backstage-examples}, origin in its ORIGIN.md) imported through one root
 * Location, as a Backstage install registers it, and real catalog files of public repositories
 * ({@code fixtures/real-catalog-files}). Every file Backstage accepts is accepted; the only errors are the
 * placeholders that read hosts not on the allow-list (github.com, demo.backstage.io: this machine has no network
 * for them), each named.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "catalog"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "catalog-service"))
@TestSecurity(
        user = "importer",
        roles = {"viewer", "engineer"})
class BackstageExamplesImportTest {

    /** In the fixture directory but named by no Location of it (see ORIGIN.md). */
    static final List<String> UNREACHED =
            List.of("components/different-namespace.yaml", "components/invalid-component.yaml");

    static Path fixture(String name) throws Exception {
        return Path.of(BackstageExamplesImportTest.class
                .getResource("/fixtures/" + name)
                .toURI());
    }

    /** What a file declares: per document, its ref as the catalog keys it. */
    static List<String> refsIn(Path file) throws Exception {
        List<String> refs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(Files.readString(file, StandardCharsets.UTF_8))) {
            if (doc instanceof Map<?, ?> m && m.get("kind") != null) {
                Map<?, ?> meta = (Map<?, ?>) m.get("metadata");
                Object ns = meta.get("namespace");
                refs.add((m.get("kind") + ":" + (ns == null ? "default" : ns) + "/" + meta.get("name"))
                        .toLowerCase(Locale.ROOT));
            }
        }
        return refs;
    }

    static String byRefPath(String ref) {
        int colon = ref.indexOf(':');
        int slash = ref.indexOf('/');
        return "/api/entities/by-ref/" + ref.substring(0, colon) + "/" + ref.substring(colon + 1, slash) + "/"
                + ref.substring(slash + 1);
    }

    @Test
    void backstagesExamplesImportThroughOneRootLocation() throws Exception {
        Path examples = fixture("backstage-examples");
        try (TestRepo repo = TestRepo.create("backstage-examples")) {
            Map<String, List<String>> expected = new TreeMap<>();
            List<String> urlPlaceholders = new ArrayList<>();
            try (Stream<Path> files = Files.walk(examples)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String rel = examples.relativize(f).toString().replace('\\', '/');
                    String content = Files.readString(f, StandardCharsets.UTF_8);
                    repo.write("catalog/examples/" + rel, content);
                    if (!rel.endsWith(".yaml")
                            || UNREACHED.contains(rel)
                            || refsIn(f).isEmpty()) {
                        continue;
                    }
                    if (content.contains("$text: https://")) {
                        urlPlaceholders.add("catalog/examples/" + rel);
                    } else {
                        expected.put("catalog/examples/" + rel, refsIn(f));
                    }
                }
            }
            // The catalog.locations of a Backstage install's app-config, as one root Location file
            repo.write("catalog/root.yaml", """
                    apiVersion: backstage.io/v1alpha1
                    kind: Location
                    metadata:
                      name: verdict-examples-root
                    spec:
                      targets:
                        - ./examples/all.yaml
                        - ./examples/acme-corp.yaml
                        - ./examples/all-environments.yaml
                    """);
            repo.commit("Backstage's examples");
            long id = repo.register("catalog/root.yaml");

            var view = given().get("/api/locations/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            Map<String, String> errors = view.getMap("fileErrors");
            assertThat(errors).as("the only files with errors").containsOnlyKeys(urlPlaceholders);
            assertThat(urlPlaceholders).hasSize(3);
            errors.forEach((file, error) -> assertThat(error)
                    .as(file)
                    .contains("/spec/definition/$text (line ")
                    .contains("host github.com is not on the reading allow-list"));
            assertThat(view.getMap("fileWarnings")).as("warnings").isEmpty();

            int count = 1; // the root Location
            for (var e : expected.entrySet()) {
                for (String ref : e.getValue()) {
                    given().get(byRefPath(ref)).then().statusCode(200).body("status.locationPath", equalTo(e.getKey()));
                    count++;
                }
            }
            assertThat(view.getInt("location.entityCount")).isEqualTo(count);
            assertThat(count)
                    .as("entities of Backstage's examples, with the root")
                    .isGreaterThan(60);

            // a relative $text in a target file, read from the same commit
            given().get("/api/entities/by-ref/api/default/petstore-webhook")
                    .then()
                    .statusCode(200)
                    .body(
                            "spec.definition",
                            equalTo(Files.readString(
                                    examples.resolve("apis/petstore-webhook.oas.yaml"), StandardCharsets.UTF_8)));
            // the current schema's kinds: an MCP server API by its remotes, custom kinds allowed by configuration
            given().get("/api/entities/by-ref/api/default/backstage-mcp-server")
                    .then()
                    .statusCode(200)
                    .body("spec.remotes[0].type", equalTo("streamable-http"));
            given().get("/api/entities/by-ref/environment/default/prod").then().statusCode(200);
            given().get("/api/entities/by-ref/airesource/default/frontend-design")
                    .then()
                    .statusCode(200);
            // the same user name in two namespaces
            given().get("/api/entities/by-ref/user/development/guest").then().statusCode(200);
            given().get("/api/entities/by-ref/user/default/guest").then().statusCode(200);
        }
    }

    @Test
    void realCatalogFilesOfPublicRepositoriesImport() throws Exception {
        Path real = fixture("real-catalog-files");
        try (TestRepo repo = TestRepo.create("real-catalog-files")) {
            Map<String, List<String>> expected = new TreeMap<>();
            try (Stream<Path> files = Files.list(real)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                    String dir = f.getFileName().toString().replace("__catalog-info.yaml", "");
                    String path = dir + "/catalog-info.yaml";
                    repo.write(path, Files.readString(f, StandardCharsets.UTF_8));
                    expected.put(path, refsIn(f));
                }
            }
            repo.commit("real files");
            long id = repo.register("**/catalog-info.yaml");
            var view = given().get("/api/locations/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            Map<String, String> errors = view.getMap("fileErrors");
            // backstage/demo's API reads its schema from demo.backstage.io, which is not on the allow-list
            assertThat(errors).containsOnlyKeys("backstage__demo/catalog-info.yaml");
            assertThat(errors.get("backstage__demo/catalog-info.yaml"))
                    .contains("host demo.backstage.io is not on the reading allow-list");
            expected.remove("backstage__demo/catalog-info.yaml");
            int count = 0;
            for (var e : expected.entrySet()) {
                for (String ref : e.getValue()) {
                    given().get(byRefPath(ref)).then().statusCode(200).body("status.locationPath", equalTo(e.getKey()));
                    count++;
                }
            }
            assertThat(view.getInt("location.entityCount")).isEqualTo(count);
            // the Template of the scaffolder, and its owner relation
            given().get("/api/entities/by-ref/template/default/register-component")
                    .then()
                    .statusCode(200)
                    .body("relations.find { it.type == 'ownedBy' }.resolved", equalTo(false));
        }
    }
}
