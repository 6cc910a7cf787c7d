package dev.verdict.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The mappers and the body limit as Quarkus REST actually wires them (discovery, precedence over built-ins). */
@QuarkusTest
class ProblemMappersQuarkusTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void typedExceptionsBecomeTheirProblems() {
        given().get("/probe/items/x")
                .then()
                .statusCode(404)
                .contentType(PROBLEM)
                .body("type", equalTo("https://verdict.dev/problems/not-found"))
                .body("detail", equalTo("no item x"));
        given().get("/probe/items/invalid")
                .then()
                .statusCode(422)
                .contentType(PROBLEM)
                .body("violations[0].path", equalTo("/name"));
    }

    @Test
    void malformedJsonIs400WithPosition() {
        given().contentType("application/json")
                .body("{\n \"name\": \"a\",\n }")
                .post("/probe")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("violations[0].line", equalTo(3))
                .body("violations[0].column", notNullValue());
    }

    @Test
    void wrongTypeIs400NamingTheFieldNotTheBuiltInBody() {
        given().contentType("application/json")
                .body("{\"name\": \"a\", \"size\": \"big\"}")
                .post("/probe")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("violations[0].path", equalTo("/size"))
                .body(not(containsString("dev.verdict")));
    }

    @Test
    void wrongMethodAndMediaTypeAreProblems() {
        given().delete("/probe/boom")
                .then()
                .statusCode(405)
                .contentType(PROBLEM)
                .body("status", equalTo(405));
        given().contentType("text/csv")
                .body("a,b")
                .post("/probe")
                .then()
                .statusCode(415)
                .contentType(PROBLEM)
                .body("status", equalTo(415));
    }

    @Test
    void unknownPathUnderAResourceIsAProblem404() {
        given().get("/probe/nothing/here")
                .then()
                .statusCode(404)
                .contentType(PROBLEM)
                .body("status", equalTo(404));
    }

    @Test
    void bodyOverTheConfiguredLimitIs413() {
        given().contentType("application/json")
                .body("{\"name\": \"" + "x".repeat(300) + "\", \"size\": 1}")
                .post("/probe")
                .then()
                .statusCode(413)
                .contentType(PROBLEM)
                .body("maxBytes", equalTo(256));
        given().contentType("application/json")
                .body("{\"name\": \"ok\", \"size\": 1}")
                .post("/probe")
                .then()
                .statusCode(200)
                .body("name", equalTo("ok"));
    }

    @Test
    void unexpectedFailureIsOpaque500WithCorrelationId() {
        given().get("/probe/boom")
                .then()
                .statusCode(500)
                .contentType(PROBLEM)
                .body("correlationId", matchesPattern("[0-9a-f-]{36}"))
                .body(not(containsString("db-secret-host")));
    }
}
