package dev.verdict.decisions.api;

import static dev.verdict.decisions.api.Api.as;

import dev.verdict.decisions.config.DecisionsConfig;
import dev.verdict.decisions.gitmirror.store.GitHistory;
import dev.verdict.testing.ApiMatrixTests;
import dev.verdict.testing.AuthorizationMatrix;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Every operation of this service × every kind of caller against src/test/resources/authorization-policy.txt
 * (libs/testing's AuthorizationMatrix). Decisions are not owned by a team: the rules are roles, and the operations
 * on one decision act on a proposed decision an engineer wrote.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "decisions"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "decision-records"))
@WithTestResource(TopicsResource.class)
class ApiMatrixTest extends ApiMatrixTests {

    @Inject
    GitHistory history;

    @Inject
    DecisionsConfig config;

    @Override
    protected String service() {
        return "decision-records";
    }

    @Override
    protected AuthorizationMatrix.Fixture prepare(String run) {
        String id = as("engineer")
                .body(Api.decision("Matrix probe decision " + run))
                .post("/api/decisions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return new AuthorizationMatrix.Fixture() {
            @Override
            public String parameter(AuthorizationMatrix.Operation op, String name) {
                return name.equals("id") && op.path().startsWith("/api/decisions/") ? id : null;
            }

            @Override
            public String body(AuthorizationMatrix.Operation op, String contentType) {
                return null;
            }
        };
    }

    /**
     * Verdict's own ADRs and the demo's, written over the fixture's proposed decision as an engineer edits one. The
     * files are accepted decisions, and a Markdown edit may not accept (review does): their status is set to proposed.
     */
    @Override
    protected List<RealFiles> realFiles(AuthorizationMatrix.Fixture fixture) throws Exception {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(Path.of("../docs/decisions"), Path.of("../infra/demo/decisions"))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().matches("\\d{4}-.*\\.md"))
                        .sorted()
                        .forEach(files::add);
            }
        }
        return List.of(new RealFiles(
                "PUT /api/decisions/{id}/markdown",
                files,
                md -> md.replaceFirst("(?m)^status: .*$", "status: proposed")));
    }

    @Override
    protected List<String> stateTables() {
        return List.of(
                "decision",
                "decision_criterion",
                "evidence",
                "evidence_link",
                "evidence_attachment",
                "review_comment",
                "timeline_entry",
                "gate_override");
    }

    /** Every commit's message and author, and every file version, of the decisions repository. */
    @Override
    protected Map<String, String> moreTextToScan() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Git git = Git.open(Path.of(config.git().repository()).toFile())) {
            Repository repo = git.getRepository();
            Set<ObjectId> seen = new HashSet<>();
            for (RevCommit c : git.log().all().call()) {
                out.put("git commit " + c.getName(), c.getFullMessage() + "\n" + c.getAuthorIdent());
                try (TreeWalk tw = new TreeWalk(repo)) {
                    tw.addTree(c.getTree());
                    tw.setRecursive(true);
                    while (tw.next()) {
                        if (seen.add(tw.getObjectId(0))) {
                            out.put(
                                    "git " + c.getName().substring(0, 8) + ":" + tw.getPathString(),
                                    new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("the decisions repository has no commit to scan");
        }
        return out;
    }

    /** The row counts, and the git mirror's HEAD: a rejected request commits nothing. */
    @Override
    protected String state() {
        return super.state() + " head=" + history.localStatus().head();
    }
}
