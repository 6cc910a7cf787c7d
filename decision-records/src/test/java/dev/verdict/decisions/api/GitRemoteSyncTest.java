package dev.verdict.decisions.api;

import static dev.verdict.decisions.api.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.verdict.events.decisions.DecisionEvents;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import dev.verdict.testing.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The git mirror with a real remote (a bare repository) and the scheduled jobs running every second: nothing in these
 * tests calls the pull or the staleness job; they wait for the schedule. A teammate works in a clone of their own.
 * The service's side is made to diverge as in production: its push fails while the remote is unreachable (the bare
 * repository is moved away), the teammate pushes meanwhile, then the remote comes back.
 */
@QuarkusTest
@WithTestResource(
        value = PostgresKafkaResource.class,
        initArgs = @ResourceArg(name = "database", value = "decisions_git_remote"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = "client-id", value = "decision-records"))
@WithTestResource(RemoteGitResource.class)
class GitRemoteSyncTest {

    private static final Duration SCHEDULE = Duration.ofSeconds(45);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static Path remote() {
        return Path.of(System.getProperty(RemoteGitResource.REMOTE_PROPERTY));
    }

    private static Path away() {
        return remote().resolveSibling("moved-away.git");
    }

    private static Git teammateClone() throws Exception {
        Path dir = Files.createTempDirectory("teammate-");
        return Git.cloneRepository()
                .setURI(remote().toUri().toString())
                .setDirectory(dir.toFile())
                .call();
    }

    /** The teammate edits {@code path} in their clone, commits as "Bo Teammate" and pushes; returns the commit id. */
    private static String teammateEdits(Git mate, String path, UnaryOperator<String> edit, String pushTo)
            throws Exception {
        if (pushTo.equals("origin")) {
            mate.pull().call(); // the service may have merged and pushed since the teammate's last push
        }
        Path file = mate.getRepository().getWorkTree().toPath().resolve(path);
        Files.writeString(file, edit.apply(Files.readString(file)));
        mate.add().addFilepattern(path).call();
        String id = mate.commit()
                .setMessage("edit " + path)
                .setAuthor(new PersonIdent("Bo Teammate", "bo@example.com"))
                .setSign(false)
                .call()
                .getName();
        for (var result : mate.push()
                .setRemote(pushTo)
                .setRefSpecs(new RefSpec("HEAD:refs/heads/main"))
                .call()) {
            assertThat(result.getRemoteUpdates())
                    .allMatch(u -> u.getStatus() == RemoteRefUpdate.Status.OK, "the teammate's push went through");
        }
        return id;
    }

    private static <T> T whileRemoteAway(Callable<T> work) throws Exception {
        Files.move(remote(), away());
        try {
            return work.call();
        } finally {
            Files.move(away(), remote());
        }
    }

    /** {@code path} at {@code commit} in the bare remote. */
    private static String remoteFile(String commit, String path) throws Exception {
        try (Repository repo = Git.open(remote().toFile()).getRepository();
                RevWalk walk = new RevWalk(repo)) {
            ObjectId id = repo.resolve(commit);
            try (TreeWalk tw = TreeWalk.forPath(repo, path, walk.parseCommit(id).getTree())) {
                return tw == null
                        ? null
                        : new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private static String create(String title) {
        return as("engineer")
                .body(Api.decision(title))
                .post("/api/decisions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String path(String id) {
        return as("viewer").get("/api/decisions/" + id).path("path");
    }

    @Test
    void anEditPushedToTheRemoteAppearsInTheApiWithoutAnyCall() throws Exception {
        String id = create("Pulled by the schedule");
        String path = path(id);
        assertThat(remoteFile("main", path)).as("the create was pushed").contains("Pulled by the schedule");
        try (Git mate = teammateClone()) {
            teammateEdits(mate, path, s -> s.replace("Why we need to decide", "Decided in a pull request"), "origin");
        }
        await().atMost(SCHEDULE)
                .untilAsserted(() -> as("viewer")
                        .get("/api/decisions/" + id)
                        .then()
                        .body("context", containsString("Decided in a pull request")));
        as("viewer")
                .get("/api/decisions/" + id + "/timeline")
                .then()
                .body("items.findAll { it.kind == 'git-pull' }.actor", hasItem("user:Bo Teammate"));
    }

    @Test
    void editsOfDifferentFilesOnBothSidesMergeCleanlyAndGitsEditIsImported() throws Exception {
        String x = create("Service side edits this one");
        String y = create("Git side edits this one");
        String px = path(x);
        String py = path(y);
        try (Git mate = teammateClone()) {
            whileRemoteAway(() -> {
                as("engineer")
                        .body(Map.of("context", "Changed through the API while the remote was away."))
                        .patch("/api/decisions/" + x)
                        .then()
                        .statusCode(200);
                return teammateEdits(
                        mate,
                        py,
                        s -> s.replace("Why we need to decide", "Changed in git"),
                        away().toUri().toString());
            });
        }
        await().atMost(SCHEDULE)
                .untilAsserted(() -> as("viewer")
                        .get("/api/decisions/" + y)
                        .then()
                        .body("context", containsString("Changed in git")));
        await().atMost(SCHEDULE)
                .untilAsserted(() -> assertThat(remoteFile("main", px))
                        .contains("Changed through the API while the remote was away."));
        assertThat(remoteFile("main", py)).contains("Changed in git");
        as("viewer")
                .get("/api/decisions/" + x)
                .then()
                .body("context", containsString("Changed through the API while the remote was away."));
        as("viewer")
                .get("/api/decisions/" + x + "/timeline")
                .then()
                .body("items.findAll { it.kind == 'git-conflict' }.size()", equalTo(0));
        as("viewer")
                .get("/api/decisions/" + y + "/timeline")
                .then()
                .body("items.findAll { it.kind == 'git-conflict' }.size()", equalTo(0));
    }

    @Test
    void aConflictOnOneFileGitWinsAndTheServiceVersionIsKeptOnTheTimeline() throws Exception {
        String id = create("Both sides edit the same line");
        String path = path(id);
        String theirs;
        try (Git mate = teammateClone()) {
            theirs = whileRemoteAway(() -> {
                as("engineer")
                        .body(Map.of("context", "The service's context."))
                        .patch("/api/decisions/" + id)
                        .then()
                        .statusCode(200);
                // a sync without the remote is a 503 problem, and the status shows the failed sync
                as("architect")
                        .post("/api/git/pull")
                        .then()
                        .statusCode(503)
                        .contentType("application/problem+json")
                        .body("type", equalTo("https://verdict.dev/problems/git-unavailable"));
                as("viewer")
                        .get("/api/git/status")
                        .then()
                        .body("lastSync.ok", equalTo(false))
                        .body("local.ahead", equalTo(1));
                return teammateEdits(
                        mate,
                        path,
                        s -> s.replace("Why we need to decide: Both sides edit the same line.", "The team's context."),
                        away().toUri().toString());
            });
        }
        // git wins in the model ...
        await().atMost(SCHEDULE)
                .untilAsserted(() -> as("viewer")
                        .get("/api/decisions/" + id)
                        .then()
                        .body("context", containsString("The team's context.")));
        // ... and the service's version is on the timeline, with both commits
        List<Map<String, Object>> conflicts = as("viewer")
                .get("/api/decisions/" + id + "/timeline")
                .then()
                .extract()
                .path("items.findAll { it.kind == 'git-conflict' }");
        assertThat(conflicts).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = (Map<String, Object>) conflicts.get(0).get("detail");
        assertThat(detail.get("theirsCommit")).isEqualTo(theirs);
        String ours = (String) detail.get("oursCommit");
        assertThat(ours).isNotNull().isNotEqualTo(theirs);
        assertThat(remoteFile(ours, path))
                .as("the service's commit reached the remote's history")
                .contains("The service's context.");
        assertThat((String) detail.get("serviceVersion")).contains("The service's context.");
        assertThat(remoteFile("main", path)).contains("The team's context.").doesNotContain("The service's context.");
        // the status API reports it
        as("viewer")
                .get("/api/git/status")
                .then()
                .statusCode(200)
                .body("conflicts.find { it.decision == '" + id + "' }.oursCommit", equalTo(ours))
                .body("conflicts.find { it.decision == '" + id + "' }.theirsCommit", equalTo(theirs))
                .body("conflicts.find { it.decision == '" + id + "' }.applied", equalTo(true));
    }

    @Test
    void aConflictWhoseGitSideIsInvalidKeepsTheModelAndIsRecordedOnce() throws Exception {
        String id = create("Conflict with a broken git side");
        String path = path(id);
        try (Git mate = teammateClone()) {
            whileRemoteAway(() -> {
                as("engineer")
                        .body(Map.of("context", "The service's context, kept."))
                        .patch("/api/decisions/" + id)
                        .then()
                        .statusCode(200);
                return teammateEdits(
                        mate,
                        path,
                        s -> s.replace("status: proposed", "status: maybe")
                                .replace(
                                        "Why we need to decide: Conflict with a broken git side.",
                                        "The team's context."),
                        away().toUri().toString());
            });
            await().atMost(SCHEDULE)
                    .untilAsserted(() -> as("viewer")
                            .get("/api/git/status")
                            .then()
                            .body("conflicts.findAll { it.decision == '" + id + "' }.size()", equalTo(1))
                            .body("conflicts.find { it.decision == '" + id + "' }.applied", equalTo(false))
                            .body("lastSync.problems.find { it.file == '" + path + "' }.line", equalTo(2)));
            as("viewer")
                    .get("/api/decisions/" + id)
                    .then()
                    .body("status", equalTo("proposed"))
                    .body("context", containsString("The service's context, kept."));
            // later syncs find the same broken file again: still one conflict, one timeline entry
            String synced = as("viewer").get("/api/git/status").path("lastSync.syncedAt");
            await().atMost(SCHEDULE)
                    .until(() ->
                            !synced.equals(as("viewer").get("/api/git/status").path("lastSync.syncedAt")));
            as("viewer")
                    .get("/api/git/status")
                    .then()
                    .body("conflicts.findAll { it.decision == '" + id + "' }.size()", equalTo(1));
            as("viewer")
                    .get("/api/decisions/" + id + "/timeline")
                    .then()
                    .body("items.findAll { it.kind == 'git-conflict' }.size()", equalTo(1))
                    .body(
                            "items.find { it.kind == 'git-conflict' }.detail.serviceVersion",
                            containsString("The service's context, kept."));
            // repaired in git: git's version is applied
            teammateEdits(mate, path, s -> s.replace("status: maybe", "status: proposed"), "origin");
        }
        await().atMost(SCHEDULE)
                .untilAsserted(() -> as("viewer")
                        .get("/api/decisions/" + id)
                        .then()
                        .body("context", containsString("The team's context.")));
    }

    @Test
    void invalidMarkdownPushedToTheRemoteIsReportedWithFileAndLineAndNotApplied() throws Exception {
        String id = create("Broken in git");
        String path = path(id);
        try (Git mate = teammateClone()) {
            teammateEdits(
                    mate,
                    path,
                    s -> s.replace("status: proposed", "status: maybe")
                            .replace("Why we need to decide", "Should not arrive"),
                    "origin");
            await().atMost(SCHEDULE)
                    .untilAsserted(() -> as("viewer")
                            .get("/api/git/status")
                            .then()
                            .body("lastSync.problems.find { it.file == '" + path + "' }.line", equalTo(2)));
            as("viewer")
                    .get("/api/decisions/" + id)
                    .then()
                    .body("status", equalTo("proposed"))
                    .body("context", containsString("Why we need to decide"));
            // repaired in git: applied, and the problem is gone
            teammateEdits(mate, path, s -> s.replace("status: maybe", "status: proposed"), "origin");
        }
        await().atMost(SCHEDULE)
                .untilAsserted(() -> as("viewer")
                        .get("/api/decisions/" + id)
                        .then()
                        .body("context", containsString("Should not arrive")));
        await().atMost(SCHEDULE)
                .untilAsserted(() -> as("viewer")
                        .get("/api/git/status")
                        .then()
                        .body("lastSync.problems.findAll { it.file == '" + path + "' }.size()", equalTo(0)));
    }

    @Test
    void evidencePastItsMaxAgeTurnsTheDecisionStaleOnTheScheduleWithOneEvent() throws Exception {
        String subject = "component:default/svc-" + UUID.randomUUID().toString().substring(0, 8);
        String id = as("engineer")
                .body(Api.decision(
                        "Stale on schedule " + subject,
                        "affectedEntities",
                        List.of(subject),
                        "criteria",
                        List.of(Map.of(
                                "text",
                                "cpu: benchmark \"cpu-time-per-op\" ratio(jdk25/jdk17) ci.upper"
                                        + " <= 0.95 with n >= 10 and gates passed within 1m"))))
                .post("/api/decisions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // evidence that ended 40 s ago: fresh now, older than 1m in about 20 s
        as("engineer")
                .body(Api.benchmark(subject, id, 0.93, Instant.now().minusSeconds(40)))
                .post("/api/evidence")
                .then()
                .statusCode(201);
        as("viewer").get("/api/decisions/" + id).then().body("evidenceStatus", equalTo("SUPPORTED"));

        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(
                        () -> as("viewer").get("/api/decisions/" + id).then().body("evidenceStatus", equalTo("STALE")));
        as("viewer")
                .get("/api/decisions/" + id + "/timeline")
                .then()
                .body(
                        "items.findAll { it.kind == 'evidence-status' && it.summary.startsWith('SUPPORTED → STALE') }"
                                + ".size()",
                        equalTo(1))
                .body(
                        "items.find { it.summary.startsWith('SUPPORTED → STALE') }.detail.trigger",
                        equalTo("staleness-job"));
        // one evidence-status-changed event for the flip, written to the outbox; the job's later runs (every
        // second) publish nothing more
        assertThat(staleEvents(bootstrap, id, "Stale on schedule " + subject)).hasSize(1);
    }

    /**
     * evidence-status-changed events to STALE for decision {@code id} titled {@code title} on verdict.decisions.v1,
     * read from the beginning until one arrived (30 s at most), then 3 s longer so that a second would show. The
     * title tells this decision from one of the same number in another test's database on the same broker.
     */
    static List<ConsumerRecord<String, byte[]>> staleEvents(String bootstrap, String id, String title) {
        return TopicReader.of(bootstrap, DecisionEvents.TOPIC)
                .key(id)
                .filter(r -> {
                    String value = new String(r.value(), StandardCharsets.UTF_8);
                    return value.contains("evidence-status-changed")
                            && value.contains("\"status\":\"STALE\"")
                            && value.contains("\"title\":\"" + title + "\"");
                })
                .settle(Duration.ofSeconds(3))
                .read(1);
    }
}
