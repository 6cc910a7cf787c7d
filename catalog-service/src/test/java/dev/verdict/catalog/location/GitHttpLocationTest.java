package dev.verdict.catalog.location;

import static dev.verdict.catalog.testsupport.Descriptors.component;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.verdict.catalog.testsupport.TestRepo;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Git locations over http(s): a real git smart-HTTP server (JGit's GitServlet in Jetty, basic auth) on a random port,
 * the real PostgreSQL. Credentials written into a location's URL are used for the clone and never shown: not in the
 * API's answers, not in entity bodies or history, not in errors, not in the log.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "catalog"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "catalog-service"))
@TestSecurity(
        user = "http-gitter",
        roles = {"viewer", "engineer"})
class GitHttpLocationTest {

    static final String USER = "ci-bot";
    static final String SECRET = "s3cr3t-T0ken-4711";

    Path bare;
    Path work;
    Git git;
    GitHttpServer server;
    LogCapture logs;

    @BeforeEach
    void serve() throws Exception {
        logs = LogCapture.start();
        bare = Files.createTempDirectory("catalog-http-bare");
        Git.init()
                .setBare(true)
                .setInitialBranch("main")
                .setDirectory(bare.toFile())
                .call()
                .close();
        server = new GitHttpServer(bare, "catalog.git", USER, SECRET);
        work = Files.createTempDirectory("catalog-http-work");
        git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call();
    }

    @AfterEach
    void stop() throws Exception {
        git.close();
        server.close();
        logs.close();
    }

    void writeAndPush(String path, String content) throws Exception {
        Path p = work.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        TestRepo.commit(git, "change " + path);
        // A real push over HTTP (receive-pack), with the credentials the server requires.
        for (PushResult r : git.push()
                .setRemote(server.url())
                .setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main"))
                .setCredentialsProvider(new UsernamePasswordCredentialsProvider(USER, SECRET))
                .call()) {
            for (RemoteRefUpdate u : r.getRemoteUpdates()) {
                assertThat(u.getStatus()).as("push of " + path).isEqualTo(RemoteRefUpdate.Status.OK);
            }
        }
    }

    long register(String url) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("url", url, "branch", "main"))
                .post("/api/locations")
                .then()
                .statusCode(201)
                .body(not(containsString(SECRET)))
                .extract()
                .jsonPath()
                .getLong("location.id");
    }

    @Test
    void clonesOverHttpWithCredentialsRefreshesAfterAPushAndNeverShowsTheSecret() throws Exception {
        writeAndPush("svc/catalog-info.yaml", component("http-svc", "team-http"));
        server.authorized.set(0);

        long id = register(server.url(USER, SECRET));
        assertThat(server.authorized.get())
                .as("the clone sent the URL's credentials")
                .isPositive();
        given().get("/api/locations/" + id)
                .then()
                .statusCode(200)
                .body("location.entityCount", equalTo(1))
                .body("location.lastError", equalTo(null))
                .body("location.url", equalTo("http://***@127.0.0.1:" + server.port() + "/git/catalog.git"))
                .body(not(containsString(SECRET)));
        given().get("/api/entities/by-ref/component/default/http-svc")
                .then()
                .statusCode(200)
                .body("spec.owner", equalTo("team-http"))
                .body(
                        "metadata.annotations.'backstage.io/managed-by-location'",
                        containsString("verdict-git:http://***@127.0.0.1:" + server.port()))
                .body(not(containsString(SECRET)));

        // A new commit is pushed to the server; the refresh fetches it over HTTP.
        writeAndPush("svc/catalog-info.yaml", component("http-svc", "team-other"));
        writeAndPush("svc2/catalog-info.yaml", component("http-svc-2", "team-http"));
        String commit = git.getRepository().resolve("refs/heads/main").name();
        given().post("/api/locations/" + id + "/refresh")
                .then()
                .statusCode(200)
                .body("status", equalTo("ok"))
                .body("commit", equalTo(commit))
                .body("updated", equalTo(1))
                .body("created", equalTo(1));
        given().get("/api/entities/by-ref/component/default/http-svc").then().body("spec.owner", equalTo("team-other"));
        given().get("/api/entities/by-ref/component/default/http-svc-2").then().statusCode(200);
        given().get("/api/entities/by-ref/component/default/http-svc/history")
                .then()
                .statusCode(200)
                .body("items[0].actor", equalTo("location:" + id))
                .body(not(containsString(SECRET)));
        String before = given().get("/api/entities/by-ref/component/default/http-svc")
                .then()
                .extract()
                .asString();

        // The server goes away: the port now refuses connections. The location shows why; entities stay as they were.
        int port = server.port();
        server.close();
        given().post("/api/locations/" + id + "/refresh")
                .then()
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("error", containsString("connection refused"))
                .body("error", containsString("http://***@127.0.0.1:" + port))
                .body(not(containsString(SECRET)));
        given().get("/api/locations/" + id)
                .then()
                .body("location.lastError", containsString("connection refused"))
                .body("location.lastCommit", equalTo(commit))
                .body("location.entityCount", equalTo(2))
                .body(not(containsString(SECRET)));
        given().get("/api/entities/by-ref/component/default/http-svc")
                .then()
                .statusCode(200)
                .body(equalTo(before));
        given().get("/api/locations").then().statusCode(200).body(not(containsString(SECRET)));

        String log = logs.text();
        assertThat(log)
                .as("the log capture sees the refreshes")
                .contains("location " + id + " refresh")
                .contains("location " + id + " refresh failed");
        assertThat(log).doesNotContain(SECRET);
    }

    @Test
    void wrongCredentialsAreAClearErrorWithoutTheSecret() throws Exception {
        writeAndPush("catalog-info.yaml", component("http-denied", "t"));
        server.authorized.set(0);
        server.rejected.set(0);
        String wrong = "wr0ng-" + SECRET;
        given().contentType(ContentType.JSON)
                .body(Map.of("url", server.url(USER, wrong)))
                .post("/api/locations")
                .then()
                .statusCode(201)
                .body("refresh.status", equalTo("failed"))
                .body("location.lastError", containsString("not authorized"))
                .body(not(containsString(wrong)));
        assertThat(server.rejected.get()).isPositive();
        assertThat(server.authorized.get()).isZero();
        given().get("/api/entities/by-ref/component/default/http-denied").then().statusCode(404);
        assertThat(logs.text()).doesNotContain(wrong);
    }

    @Test
    void httpsToARefusedPortIsAClearErrorWithoutTheSecret() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String url = "https://" + USER + ":" + SECRET + "@127.0.0.1:" + closed + "/git/nothing.git";
        long id = given().contentType(ContentType.JSON)
                .body(Map.of("url", url))
                .post("/api/locations")
                .then()
                .statusCode(201)
                .body("refresh.status", equalTo("failed"))
                .body("refresh.error", containsString("cannot clone or fetch https://***@127.0.0.1:" + closed))
                .body("refresh.error", containsString("connection refused"))
                .body(not(containsString(SECRET)))
                .extract()
                .jsonPath()
                .getLong("location.id");
        given().get("/api/locations/" + id)
                .then()
                .body("location.entityCount", equalTo(0))
                .body("location.lastError", containsString("connection refused"));
        assertThat(logs.text()).contains("location " + id + " refresh failed").doesNotContain(SECRET);
    }

    @Test
    void httpsToAServerThatSpeaksNoTlsIsAClearError() throws Exception {
        // the git server speaks plain HTTP: a TLS client gets no handshake from it
        String url = "https://" + USER + ":" + SECRET + "@127.0.0.1:" + server.port() + "/git/catalog.git";
        given().contentType(ContentType.JSON)
                .body(Map.of("url", url))
                .post("/api/locations")
                .then()
                .statusCode(201)
                .body("refresh.status", equalTo("failed"))
                .body("refresh.error", containsString("TLS handshake failed"))
                .body(not(containsString(SECRET)));
        assertThat(logs.text()).doesNotContain(SECRET);
    }
}
