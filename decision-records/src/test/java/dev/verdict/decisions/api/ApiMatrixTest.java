package dev.verdict.decisions.api;

import static dev.verdict.decisions.api.Api.as;

import dev.verdict.decisions.gitmirror.store.GitHistory;
import dev.verdict.testing.ApiMatrixTests;
import dev.verdict.testing.AuthorizationMatrix;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;

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

    /** The row counts, and the git mirror's HEAD: a rejected request commits nothing. */
    @Override
    protected String state() {
        return super.state() + " head=" + history.localStatus().head();
    }
}
