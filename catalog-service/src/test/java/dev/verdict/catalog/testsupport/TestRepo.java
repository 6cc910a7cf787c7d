package dev.verdict.catalog.testsupport;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/** A real git repository in a temp directory (JGit), with branch main, that tests write, commit and register. */
public final class TestRepo implements AutoCloseable {

    private final Path dir;
    private final Git git;

    private TestRepo(Path dir, Git git) {
        this.dir = dir;
        this.git = git;
    }

    public static TestRepo create(String prefix) throws IOException, GitAPIException {
        Path dir = Files.createTempDirectory(prefix);
        return new TestRepo(
                dir,
                Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
    }

    public Path dir() {
        return dir;
    }

    public void write(String path, String content) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    public String read(String path) throws IOException {
        return Files.readString(dir.resolve(path), StandardCharsets.UTF_8);
    }

    public void delete(String path) throws IOException {
        Files.delete(dir.resolve(path));
    }

    /** Commits every change of the working tree, deletions included. */
    public void commit(String message) throws GitAPIException {
        commit(git, message);
    }

    /** The same for a repository a test opened itself (a smart-HTTP remote's work tree, a scheduler test's). */
    public static void commit(Git git, String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        git.commit()
                .setMessage(message)
                .setAuthor("t", "t@example.com")
                .setCommitter("t", "t@example.com")
                .call();
    }

    /** Registers this repository's main branch as a location with {@code glob} through the API; its id. */
    public long register(String glob) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("url", dir.toUri().toString(), "branch", "main", "path", glob))
                .post("/api/locations")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("location.id");
    }

    @Override
    public void close() {
        git.close();
    }
}
