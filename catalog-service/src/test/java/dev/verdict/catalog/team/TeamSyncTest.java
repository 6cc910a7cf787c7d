package dev.verdict.catalog.team;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.verdict.catalog.team.service.KeycloakGroupSync;
import dev.verdict.catalog.testsupport.Descriptors;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** Catalog Groups and their members are mirrored to groups of the real Keycloak, and removed with them. */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "catalog"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "catalog-service"))
class TeamSyncTest {

    static {
        Descriptors.sendYamlAsText();
    }

    static String group(String name, String members) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: " + name + "}\n"
                + "spec: {type: team, children: [], members: " + members + "}\n";
    }

    @Test
    void groupsAndMembersAreSyncedToKeycloak() {
        String admin = KeycloakResource.accessToken("admin");
        given().auth()
                .oauth2(admin)
                .contentType("application/yaml")
                .body(
                        group("sync-team", "[engineer, ghost-user]") + "---\n"
                                + "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: architect}\nspec: {memberOf: [sync-team]}\n")
                .post("/api/entities")
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(admin)
                .post("/api/teams/sync")
                .then()
                .statusCode(200)
                .body("unknownUsers", hasItem("ghost-user"));

        try (Keycloak kc = KeycloakBuilder.builder()
                .serverUrl(KeycloakResource.realmUrl().replace("/realms/verdict", ""))
                .realm("verdict")
                .clientId("catalog-service")
                .clientSecret("catalog-service-secret")
                .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
                .build()) {
            var realm = kc.realm("verdict");
            GroupRepresentation g = realm.groups().groups("sync-team", 0, 10, false).stream()
                    .filter(x -> x.getName().equals("sync-team"))
                    .findFirst()
                    .orElseThrow();
            assertThat(g.getAttributes().get(KeycloakGroupSync.REF_ATTRIBUTE))
                    .containsExactly("group:default/sync-team");
            List<String> members = realm.groups().group(g.getId()).members().stream()
                    .map(UserRepresentation::getUsername)
                    .sorted()
                    .toList();
            assertThat(members).containsExactly("architect", "engineer");

            // membership changes in the catalog move Keycloak along; a second sync changes nothing more
            given().auth()
                    .oauth2(admin)
                    .contentType("application/yaml")
                    .body(group("sync-team", "[engineer]"))
                    .post("/api/entities")
                    .then()
                    .statusCode(200);
            given().auth()
                    .oauth2(admin)
                    .delete("/api/entities/by-ref/user/default/architect")
                    .then()
                    .statusCode(204);
            given().auth()
                    .oauth2(admin)
                    .post("/api/teams/sync")
                    .then()
                    .statusCode(200)
                    .body("membersRemoved", equalTo(1));
            assertThat(realm.groups().group(g.getId()).members())
                    .extracting(UserRepresentation::getUsername)
                    .containsExactly("engineer");
            given().auth()
                    .oauth2(admin)
                    .post("/api/teams/sync")
                    .then()
                    .statusCode(200)
                    .body("membersAdded", equalTo(0))
                    .body("membersRemoved", equalTo(0))
                    .body("groupsCreated", equalTo(0));

            // the Group leaves the catalog: its Keycloak group goes; groups not made by the catalog stay
            GroupRepresentation manual = new GroupRepresentation();
            manual.setName("made-by-hand");
            realm.groups().add(manual).close();
            given().auth()
                    .oauth2(admin)
                    .delete("/api/entities/by-ref/group/default/sync-team")
                    .then()
                    .statusCode(204);
            given().auth()
                    .oauth2(admin)
                    .post("/api/teams/sync")
                    .then()
                    .statusCode(200)
                    .body("groupsDeleted", equalTo(1));
            List<String> names = realm.groups().groups().stream()
                    .map(GroupRepresentation::getName)
                    .toList();
            assertThat(names).contains("made-by-hand").doesNotContain("sync-team");
        }
    }
}
