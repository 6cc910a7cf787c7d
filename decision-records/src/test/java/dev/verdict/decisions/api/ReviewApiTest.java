package dev.verdict.decisions.api;

import static dev.verdict.decisions.api.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Review comments through the API: stored with their timeline entry, paged, refused whole when bad. */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "decisions"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = "client-id", value = "decision-records"))
@WithTestResource(TopicsResource.class)
class ReviewApiTest {

    @Inject
    AgroalDataSource ds;

    @Test
    void aCommentIsStoredWithItsTimelineEntryAndPagedByKeyset() {
        String id = as("engineer")
                .body(Api.decision("Review me"))
                .post("/api/decisions")
                .path("id");
        int first = as("engineer")
                .body(Map.of("body", "Why  not\nRedis?"))
                .post("/api/decisions/" + id + "/comments")
                .then()
                .statusCode(201)
                .body("author", equalTo("engineer"))
                .body("decision", equalTo(id))
                .body("body", equalTo("Why  not\nRedis?"))
                .extract()
                .path("id");
        as("architect")
                .body(Map.of("body", "second"))
                .post("/api/decisions/" + id + "/comments")
                .then()
                .statusCode(201);
        as("architect")
                .body(Map.of("body", "third"))
                .post("/api/decisions/" + id + "/comments")
                .then()
                .statusCode(201);

        String next = as("viewer")
                .get("/api/decisions/" + id + "/comments?limit=2")
                .then()
                .statusCode(200)
                .body("items.body", equalTo(List.of("Why  not\nRedis?", "second")))
                .extract()
                .path("next");
        as("viewer")
                .get("/api/decisions/" + id + "/comments?limit=2&after=" + next)
                .then()
                .body("items.body", equalTo(List.of("third")))
                .body("next", nullValue());
        as("viewer")
                .get("/api/decisions/" + id + "/timeline")
                .then()
                .body("items.find { it.kind == 'comment' }.summary", equalTo("Why not Redis?"))
                .body("items.find { it.kind == 'comment' }.detail.comment", equalTo(first));
    }

    @Test
    void aBadCommentIsA4xxThatStoresNothing() throws Exception {
        String id = as("engineer")
                .body(Api.decision("Refuse bad comments"))
                .post("/api/decisions")
                .path("id");
        long before = comments(id);

        as("engineer")
                .body(Map.of("body", "  "))
                .post("/api/decisions/" + id + "/comments")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("non-empty 'body'"));
        as("engineer")
                .body(Map.of("body", "x".repeat(20_001)))
                .post("/api/decisions/" + id + "/comments")
                .then()
                .statusCode(400)
                .body("detail", containsString("at most 20000 characters"));
        as("viewer")
                .body(Map.of("body", "viewers only read"))
                .post("/api/decisions/" + id + "/comments")
                .then()
                .statusCode(403);
        as("engineer")
                .body(Map.of("body", "to nowhere"))
                .post("/api/decisions/ADR-99999/comments")
                .then()
                .statusCode(404);

        assertThat(comments(id)).isEqualTo(before);
        as("viewer")
                .get("/api/decisions/" + id + "/timeline")
                .then()
                .body("items.findAll { it.kind == 'comment' }.size()", equalTo(0));
    }

    private long comments(String decision) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select count(*) from review_comment where decision_number = ?")) {
            ps.setInt(1, Integer.parseInt(decision.substring("ADR-".length())));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
