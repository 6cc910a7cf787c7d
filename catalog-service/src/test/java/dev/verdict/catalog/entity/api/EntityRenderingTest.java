package dev.verdict.catalog.entity.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * get-by-ref and the list return JSON that PostgreSQL renders from the stored JSONB (the service writes it without
 * parsing). The shape must be what the API always returned: the whole descriptor (unknown fields kept), namespace
 * default, uid, generation, relations ordered by type and target with {@code resolved}, status only when there is a
 * location or an orphan time, and {@code orphanedAt} in {@link Instant#toString()} form.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "catalog"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "catalog-service"))
class EntityRenderingTest {

    @Inject
    AgroalDataSource ds;

    @Test
    void renderedEntityKeepsTheApiShape() {
        String admin = KeycloakResource.accessToken("admin");
        given().auth()
                .oauth2(admin)
                .contentType("application/yaml; charset=UTF-8")
                .body("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: render-svc
                  description: "quotes \\" and unicode \u00e9 survive"
                  x-custom: {nested: [1, 2]}
                spec: {type: service, lifecycle: production, owner: render-team, dependsOn: [component:render-zz, component:render-aa]}
                """.getBytes(StandardCharsets.UTF_8))
                .post("/api/entities")
                .then()
                .statusCode(201);

        JsonPath one = given().auth()
                .oauth2(admin)
                .get("/api/entities/by-ref/component/default/render-svc")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("kind", equalTo("Component"))
                .body("apiVersion", equalTo("backstage.io/v1alpha1"))
                .body("metadata.namespace", equalTo("default"))
                .body("metadata.generation", equalTo(1))
                .body("metadata.description", equalTo("quotes \" and unicode \u00e9 survive"))
                .body("metadata.x-custom.nested", equalTo(List.of(1, 2)))
                .body("spec.owner", equalTo("render-team"))
                .body("$", not(hasKey("status")))
                .extract()
                .jsonPath();
        assertThat(one.getList("relations.type")).containsExactly("dependsOn", "dependsOn", "ownedBy");
        assertThat(one.getList("relations.targetRef"))
                .containsExactly(
                        "component:default/render-aa", "component:default/render-zz", "group:default/render-team");
        assertThat(one.getList("relations.resolved")).containsOnly(false);

        JsonPath list = given().auth()
                .oauth2(admin)
                .get("/api/entities?q=render-svc&kind=component")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(list.getList("items.metadata.name")).containsExactly("render-svc");
        assertThat(list.getString("items[0].metadata.uid")).isEqualTo(one.getString("metadata.uid"));
        assertThat(list.getMap("items[0]")).doesNotContainKey("relations");
        assertThat(list.getString("nextCursor")).isNull();
    }

    @Test
    void orphanedAtIsWrittenLikeInstantToString() throws Exception {
        String admin = KeycloakResource.accessToken("admin");
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of(
                        "apiVersion",
                        "backstage.io/v1alpha1",
                        "kind",
                        "Resource",
                        "metadata",
                        Map.of("name", "render-orphan", "namespace", "other"),
                        "spec",
                        Map.of("type", "database", "owner", "t")))
                .post("/api/entities")
                .then()
                .statusCode(201);
        for (Instant at : List.of(
                Instant.parse("2026-11-26T10:00:00Z"),
                Instant.parse("2026-11-26T10:00:00.120Z"),
                Instant.parse("2026-11-26T10:00:00.123456Z"))) {
            try (Connection c = ds.getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "UPDATE entities SET orphaned_at = ? WHERE ref = 'resource:other/render-orphan'")) {
                ps.setTimestamp(1, Timestamp.from(at));
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            given().auth()
                    .oauth2(admin)
                    .get("/api/entities/by-ref/resource/other/render-orphan")
                    .then()
                    .statusCode(200)
                    .body("metadata.namespace", equalTo("other"))
                    .body("status.orphanedAt", equalTo(at.toString()))
                    .body("status", not(hasKey("locationId")));
        }
    }
}
