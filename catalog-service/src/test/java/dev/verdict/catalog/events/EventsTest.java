package dev.verdict.catalog.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.catalog.testsupport.Descriptors;
import dev.verdict.events.EventCodec;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.catalog.CatalogEvents;
import dev.verdict.events.catalog.EntityDeleted;
import dev.verdict.events.catalog.EntityUpserted;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import dev.verdict.testing.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Entity changes reach the real Kafka topic through the outbox; a rejected submission publishes nothing. */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "catalog"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "catalog-service"))
@TestSecurity(
        user = "eve",
        roles = {"viewer", "engineer", "admin"})
class EventsTest {

    static {
        Descriptors.sendYamlAsText();
    }

    static String system(String name, String owner) {
        return "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: {name: " + name
                + ", annotations: {backstage.io/kubernetes-id: " + name + ", backstage.io/techdocs-ref: 'dir:.',"
                + " verdict.dev/image: registry.example/" + name + "}}"
                + "\nspec: {owner: " + owner + "}\n";
    }

    @Test
    void upsertAndDeleteArePublishedInOrderAndRejectedSubmissionsPublishNothing() {
        String name = "ev-" + UUID.randomUUID().toString().substring(0, 8);
        String ref = "system:default/" + name;
        given().contentType("application/yaml")
                .body(system(name, "t1"))
                .post("/api/entities")
                .then()
                .statusCode(201);
        // unchanged: no event
        given().contentType("application/yaml")
                .body(system(name, "t1"))
                .post("/api/entities")
                .then()
                .statusCode(200);
        // rejected (second document invalid): nothing stored, nothing published
        given().contentType("application/yaml")
                .body(system(name, "t2") + "---\n" + system("Bad Name", "t"))
                .post("/api/entities")
                .then()
                .statusCode(422);
        given().contentType("application/yaml")
                .body(system(name, "t3"))
                .post("/api/entities")
                .then()
                .statusCode(200);
        given().delete("/api/entities/by-ref/system/default/" + name).then().statusCode(204);

        // 2 s longer, to catch an unexpected extra event
        EventCodec codec = EventCodec.platform();
        List<VerdictEvent<?>> mine = TopicReader.of(
                        PostgresKafkaResource.kafka().bootstrapServers(), CatalogEvents.TOPIC)
                .key(ref)
                .settle(Duration.ofSeconds(2))
                .read(3)
                .stream()
                .<VerdictEvent<?>>map(r -> codec.decode(r.value()))
                .toList();
        assertThat(mine)
                .extracting(VerdictEvent::type)
                .containsExactly(
                        CatalogEvents.ENTITY_UPSERTED.name(),
                        CatalogEvents.ENTITY_UPSERTED.name(),
                        CatalogEvents.ENTITY_DELETED.name());
        EntityUpserted first = mine.get(0).dataAs(CatalogEvents.ENTITY_UPSERTED).orElseThrow();
        EntityUpserted second =
                mine.get(1).dataAs(CatalogEvents.ENTITY_UPSERTED).orElseThrow();
        EntityDeleted deleted = mine.get(2).dataAs(CatalogEvents.ENTITY_DELETED).orElseThrow();
        assertThat(first.change()).isEqualTo("created");
        assertThat(first.owner()).isEqualTo("group:default/t1");
        assertThat(first.annotations())
                .as("the placement annotations travel, the rest stay in the catalog")
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                        "backstage.io/kubernetes-id", name, "verdict.dev/image", "registry.example/" + name));
        assertThat(second.owner()).isEqualTo("group:default/t3");
        assertThat(second.generation()).isEqualTo(2);
        assertThat(deleted.uid()).isEqualTo(first.uid());
        assertThat(mine.get(0).subject()).isEqualTo(ref);
        assertThat(mine.get(0).source()).isEqualTo("/verdict/catalog-service");
    }
}
