package dev.verdict.decisions.api;

import static dev.verdict.decisions.api.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.verdict.decisions.gitmirror.store.GitMirror;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "decisions"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = "client-id", value = "decision-records"))
@WithTestResource(TopicsResource.class)
class GitAndImportTest {

    @Inject
    GitMirror git;

    private static List<Map<String, String>> repo(String dir) throws IOException, URISyntaxException {
        Path root = Path.of(GitAndImportTest.class.getResource("/import/" + dir).toURI());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .sorted()
                    .map(p -> {
                        try {
                            return Map.of(
                                    "path",
                                    root.relativize(p).toString(),
                                    "content",
                                    Files.readString(p, StandardCharsets.UTF_8));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
        }
    }

    @Test
    void importingAnAdrToolsRepositoryKeepsStatusesAndLinks() throws Exception {
        Response r = as("architect")
                .body(Map.of("source", "orders-service doc/adr", "renumber", true, "files", repo("adr-tools")))
                .post("/api/import");
        r.then().statusCode(201).body("decisions.size()", equalTo(5)).body("stored.size()", equalTo(5));
        List<String> ids = r.path("stored");
        as("viewer")
                .get("/api/decisions/" + ids.get(1))
                .then()
                .body("status", equalTo("superseded"))
                .body("supersededBy", equalTo(List.of(ids.get(3))))
                .body("date", equalTo("2019-03-11"));
        as("viewer").get("/api/decisions/" + ids.get(3)).then().body("supersedes", equalTo(List.of(ids.get(1))));
        as("viewer")
                .get("/api/decisions/" + ids.get(0) + "/timeline")
                .then()
                .body("items[0].kind", equalTo("imported"))
                .body("items[0].summary", containsString("orders-service doc/adr"));
        String path = as("viewer").get("/api/decisions/" + ids.get(3)).path("path");
        assertThat(Files.readString(git.workTree().resolve(path))).contains("# Store orders in PostgreSQL");
        assertThat(git.gitForTests()
                        .log()
                        .setMaxCount(1)
                        .call()
                        .iterator()
                        .next()
                        .getFullMessage())
                .contains("import 5 decisions");
    }

    @Test
    void aRepositoryWithUnreadableFilesIsRefusedWholeWithFileAndLine() throws Exception {
        long before = ((List<?>) as("viewer")
                        .queryParam("limit", 500)
                        .get("/api/decisions")
                        .path("items"))
                .size();
        as("architect")
                .body(Map.of("renumber", true, "files", repo("broken")))
                .post("/api/import")
                .then()
                .statusCode(422)
                .body("violations.size()", equalTo(5))
                .body("violations.path", hasItem("doc/adr/0002-unknown-status.md"))
                .body("violations.find { it.path == 'doc/adr/0002-unknown-status.md' }.line", equalTo(7));
        long after = ((List<?>) as("viewer")
                        .queryParam("limit", 500)
                        .get("/api/decisions")
                        .path("items"))
                .size();
        assertThat(after).isEqualTo(before);
        as("engineer")
                .body(Map.of("files", repo("madr4")))
                .post("/api/import")
                .then()
                .statusCode(403);
        as("architect")
                .body(Map.of("dryRun", true, "files", repo("log4brains")))
                .post("/api/import")
                .then()
                .statusCode(200)
                .body("decisions.size()", equalTo(3))
                .body("skipped.size()", equalTo(2));
    }

    @Test
    void importBodiesUpTo16MiBAreReadLargerOnesAre413ProblemJson() throws Exception {
        // 2 MiB: over libs/problem's 1 MiB default, so this proves verdict.problem.max-body-bytes is the module's 16
        // MiB
        as("architect")
                .body(Map.of("dryRun", true, "source", "x".repeat(2 * 1024 * 1024), "files", repo("log4brains")))
                .post("/api/import")
                .then()
                .statusCode(200)
                .body("decisions.size()", equalTo(3));
        as("architect")
                .body(Map.of("dryRun", true, "source", "x".repeat(16 * 1024 * 1024), "files", repo("log4brains")))
                .post("/api/import")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://verdict.dev/problems/too-large"))
                .body("maxBytes", equalTo(16 * 1024 * 1024));
    }

    @Test
    void editsCommittedDirectlyInGitArePulled() throws Exception {
        String id = as("engineer")
                .body(Api.decision("Edited in git"))
                .post("/api/decisions")
                .path("id");
        String path = as("viewer").get("/api/decisions/" + id).path("path");
        Path file = git.workTree().resolve(path);
        String edited = Files.readString(file).replace("Why we need to decide", "Decided in a pull request");
        Files.writeString(file, edited);
        Git g = git.gitForTests();
        g.add().addFilepattern(path).call();
        g.commit()
                .setAuthor(new PersonIdent("Dana Reviewer", "dana@example.com"))
                .setMessage("edit in git")
                .setSign(false)
                .call();

        as("architect").post("/api/git/pull").then().statusCode(200).body("updated", hasItem(id));
        as("viewer").get("/api/decisions/" + id).then().body("context", containsString("Decided in a pull request"));
        as("viewer")
                .get("/api/decisions/" + id + "/timeline")
                .then()
                .body("items.findAll { it.kind == 'git-pull' }.actor", hasItem("user:Dana Reviewer"));

        // a broken direct edit is reported with file and line, and not applied
        Files.writeString(file, edited.replace("status: proposed", "status: maybe"));
        g.add().addFilepattern(path).call();
        g.commit()
                .setAuthor(new PersonIdent("Dana Reviewer", "dana@example.com"))
                .setMessage("oops")
                .setSign(false)
                .call();
        as("architect")
                .post("/api/git/pull")
                .then()
                .statusCode(200)
                .body("problems[0].file", equalTo(path))
                .body("problems[0].line", equalTo(2));
        as("viewer").get("/api/decisions/" + id).then().body("status", equalTo("proposed"));
        // repair so other tests' pulls see a clean repository
        Files.writeString(file, edited);
        g.add().addFilepattern(path).call();
        g.commit()
                .setAuthor(new PersonIdent("Dana Reviewer", "dana@example.com"))
                .setMessage("fix")
                .setSign(false)
                .call();
    }
}
