package dev.verdict.decisions.api;

import static dev.verdict.decisions.api.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.verdict.decisions.gitmirror.store.GitMirror;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "decisions"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = "client-id", value = "decision-records"))
@WithTestResource(TopicsResource.class)
class DecisionApiTest {

    @Inject
    GitMirror git;

    @Test
    void everyEndpointNeedsATokenAndTheRightRole() {
        // The security layer's refusals carry the one error body too (libs/security), not an empty 401.
        given().get("/api/decisions")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("https://verdict.dev/problems/unauthorized"))
                .body("status", equalTo(401));
        given().header("Authorization", "Bearer not.a.jwt")
                .get("/api/decisions")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401));
        as("viewer").get("/api/decisions").then().statusCode(200);
        as("viewer")
                .body(Api.decision("Not allowed"))
                .post("/api/decisions")
                .then()
                .statusCode(403)
                .body("type", equalTo("https://verdict.dev/problems/forbidden"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void createdDecisionIsACanonicalFileCommittedAsTheUser() throws Exception {
        Response created = as("engineer")
                .body(Api.decision(
                        "Use PostgreSQL for the ledger",
                        "tags",
                        List.of("storage"),
                        "affectedEntities",
                        List.of("component:default/ledger"),
                        "decisionMakers",
                        List.of("Ada"),
                        "criteria",
                        List.of(Map.of("text", Api.CPU_CRITERION))))
                .post("/api/decisions");
        created.then()
                .statusCode(201)
                .header("Location", containsString("/api/decisions/ADR-"))
                .body("status", equalTo("proposed"))
                .body("evidenceStatus", equalTo("INCONCLUSIVE"))
                .body("criteria[0].text", equalTo(Api.CPU_CRITERION))
                .body("chosenOption", equalTo("Option A"));
        String id = created.path("id");
        String path = created.path("path");
        assertThat(path).matches("docs/decisions/\\d{4}-use-postgresql-for-the-ledger\\.md");

        String markdown = as("viewer")
                .get("/api/decisions/" + id + "/markdown")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(markdown).startsWith("---\nstatus: proposed\n").contains("# Use PostgreSQL for the ledger");
        assertThat(Files.readString(git.workTree().resolve(path))).isEqualTo(markdown);
        RevCommit last =
                git.gitForTests().log().setMaxCount(1).call().iterator().next();
        assertThat(last.getAuthorIdent().getName()).isEqualTo("engineer");
        assertThat(last.getCommitterIdent().getName()).isEqualTo("decision-records");
        assertThat(last.getFullMessage()).contains(id).contains("create");
    }

    @Test
    void editsNeedTheCurrentVersionAndKeepTheTimeline() {
        Response created =
                as("engineer").body(Api.decision("Cache catalog reads")).post("/api/decisions");
        String id = created.path("id");
        String etag = created.header("ETag");
        as("engineer")
                .header("If-Match", etag)
                .body(Map.of("context", "Reads dominate 100:1."))
                .patch("/api/decisions/" + id)
                .then()
                .statusCode(200)
                .body("context", equalTo("Reads dominate 100:1."))
                .body("version", equalTo(2));
        as("engineer")
                .header("If-Match", etag)
                .body(Map.of("context", "stale"))
                .patch("/api/decisions/" + id)
                .then()
                .statusCode(409)
                .body("type", equalTo("https://verdict.dev/problems/version-mismatch"));
        as("viewer")
                .get("/api/decisions/" + id + "/timeline")
                .then()
                .statusCode(200)
                .body("items.kind", equalTo(List.of("created", "edited")))
                .body("items[1].actor", equalTo("user:engineer"))
                .body("items[1].detail.changed", equalTo(List.of("context")));
    }

    @Test
    void invalidInputIsA4xxThatSaysWhatToFix() {
        as("engineer")
                .body(Api.decision("Bad criterion", "criteria", List.of(Map.of("text", "benchmark \"x\" median <= 1"))))
                .post("/api/decisions")
                .then()
                .statusCode(422)
                .body("type", equalTo("https://verdict.dev/problems/invalid-criterion"))
                .body("detail", containsString("unknown statistic 'median'"))
                .body("grammar", containsString("statistic  := estimate | ci.lower | ci.upper"))
                .body("violations[0].column", equalTo(15));
        as("engineer")
                .body(Api.decision("Heading in context", "context", "text\n## Sneaky section"))
                .post("/api/decisions")
                .then()
                .statusCode(422)
                .body("detail", containsString("level-2 heading"));

        String id = as("engineer")
                .body(Api.decision("Markdown edits"))
                .post("/api/decisions")
                .path("id");
        String md = as("viewer").get("/api/decisions/" + id + "/markdown").asString();
        String broken = md.replace("status: proposed", "status: acceptd");
        as("engineer")
                .contentType("text/markdown")
                .body(broken)
                .put("/api/decisions/" + id + "/markdown")
                .then()
                .statusCode(400)
                .body("type", equalTo("https://verdict.dev/problems/malformed-decision"))
                .body("violations[0].line", equalTo(2))
                .body("violations[0].path", startsWith("docs/decisions/"))
                .body("violations[0].message", containsString("'acceptd'"));
        String edited = md.replace("Why we need to decide", "Why we must decide");
        as("engineer")
                .contentType("text/markdown")
                .body(edited)
                .put("/api/decisions/" + id + "/markdown")
                .then()
                .statusCode(200)
                .body("context", startsWith("Why we must decide"));
        assertThat(as("viewer").get("/api/decisions/" + id + "/markdown").asString())
                .isEqualTo(edited);
    }

    @Test
    void illegalTransitionIs409NamingTheAllowedOnes() {
        String id = as("engineer")
                .body(Api.decision("Retire the SOAP gateway"))
                .post("/api/decisions")
                .path("id");
        as("engineer")
                .body(Map.of("to", "deprecated"))
                .post("/api/decisions/" + id + "/transitions")
                .then()
                .statusCode(409)
                .body("type", equalTo("https://verdict.dev/problems/illegal-transition"))
                .body("allowed", equalTo(List.of("accepted", "rejected")))
                .body("detail", containsString("cannot go from proposed to deprecated"));
        // a final status: "allowed" is still written, as an empty list
        as("architect")
                .body(Map.of("override", "Retired by the platform board; no benchmark applies."))
                .post("/api/decisions/" + id + "/accept")
                .then()
                .statusCode(200);
        as("engineer")
                .body(Map.of("to", "deprecated"))
                .post("/api/decisions/" + id + "/transitions")
                .then()
                .statusCode(200);
        as("engineer")
                .body(Map.of("to", "proposed"))
                .post("/api/decisions/" + id + "/transitions")
                .then()
                .statusCode(409)
                .body("type", equalTo("https://verdict.dev/problems/illegal-transition"))
                .body("allowed", equalTo(List.of()));
        as("engineer")
                .body(Map.of())
                .post("/api/decisions/ADR-9999/transitions")
                .then()
                .statusCode(400);
        as("engineer")
                .body(Map.of("to", "deprecated"))
                .post("/api/decisions/ADR-99999/transitions")
                .then()
                .statusCode(404);
    }

    @Test
    void acceptingNeedsAnArchitectAndSupportedEvidenceOrAWrittenOverride() {
        String id = as("engineer")
                .body(Api.decision("Adopt virtual threads", "criteria", List.of(Map.of("text", Api.CPU_CRITERION))))
                .post("/api/decisions")
                .path("id");
        as("engineer")
                .body(Map.of())
                .post("/api/decisions/" + id + "/accept")
                .then()
                .statusCode(403);
        as("architect")
                .body(Map.of())
                .post("/api/decisions/" + id + "/accept")
                .then()
                .statusCode(409)
                .body("type", equalTo("https://verdict.dev/problems/evidence-gate"))
                .body("detail", containsString("INCONCLUSIVE"));
        as("architect")
                .body(Map.of("override", "Pilot approved by the CTO; benchmarks follow in Q3."))
                .post("/api/decisions/" + id + "/accept")
                .then()
                .statusCode(200)
                .body("status", equalTo("accepted"));
        as("viewer")
                .get("/api/decisions/" + id + "/overrides")
                .then()
                .statusCode(200)
                .body("[0].architect", equalTo("architect"))
                .body("[0].evidenceStatus", equalTo("INCONCLUSIVE"))
                .body("[0].reason", startsWith("Pilot approved"));
        as("viewer")
                .get("/api/decisions/" + id + "/timeline")
                .then()
                .body("items.kind", hasItem("gate-override"))
                .body("items.kind", hasItem("transition"));
        // accepted → deprecated is allowed for engineers
        as("engineer")
                .body(Map.of("to", "deprecated", "reason", "replaced by platform default"))
                .post("/api/decisions/" + id + "/transitions")
                .then()
                .statusCode(200)
                .body("status", equalTo("deprecated"));
    }

    @Test
    void supersedingUpdatesBothRecordsInOneCommit() throws Exception {
        String old = as("engineer")
                .body(Api.decision("Store orders in MySQL"))
                .post("/api/decisions")
                .path("id");
        as("architect")
                .body(Map.of("override", "legacy decision, recorded after the fact"))
                .post("/api/decisions/" + old + "/accept")
                .then()
                .statusCode(200);
        String successor = as("engineer")
                .body(Api.decision("Store orders in PostgreSQL"))
                .post("/api/decisions")
                .path("id");
        as("engineer")
                .body(Map.of("by", successor))
                .post("/api/decisions/" + old + "/supersede")
                .then()
                .statusCode(200)
                .body("[0].status", equalTo("superseded"))
                .body("[0].supersededBy", equalTo(List.of(successor)))
                .body("[1].supersedes", equalTo(List.of(old)));
        RevCommit last =
                git.gitForTests().log().setMaxCount(1).call().iterator().next();
        assertThat(last.getFullMessage()).contains(old + ": superseded by " + successor);
        as("engineer")
                .body(Map.of("by", successor))
                .post("/api/decisions/" + old + "/supersede")
                .then()
                .statusCode(409)
                .body("allowed", equalTo(List.of()));
    }

    @Test
    void listAndSearchArePagedInTheDatabase() {
        String tag = "t" + System.nanoTime();
        for (int i = 0; i < 5; i++) {
            as("engineer")
                    .body(Api.decision(
                            "Searchable " + tag + " number " + i,
                            "tags",
                            List.of(tag),
                            "affectedEntities",
                            List.of("component:default/" + tag + (i % 2))))
                    .post("/api/decisions")
                    .then()
                    .statusCode(201);
        }
        Response first =
                as("viewer").queryParam("tag", tag).queryParam("limit", 3).get("/api/decisions");
        first.then().statusCode(200).body("items.size()", equalTo(3));
        String next = first.path("next");
        as("viewer")
                .queryParam("tag", tag)
                .queryParam("limit", 3)
                .queryParam("after", next)
                .get("/api/decisions")
                .then()
                .body("items.size()", equalTo(2))
                .body("next", equalTo(null));
        as("viewer")
                .queryParam("entity", "component:default/" + tag + "1")
                .get("/api/decisions")
                .then()
                .body("items.size()", equalTo(2));
        as("viewer")
                .queryParam("q", tag)
                .queryParam("status", "proposed")
                .get("/api/decisions")
                .then()
                .body("items.size()", equalTo(5));
        as("viewer")
                .queryParam("status", "nonsense")
                .get("/api/decisions")
                .then()
                .statusCode(400);
    }
}
