package dev.verdict.catalog.location;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.catalog.location.service.LocationRefresher;
import dev.verdict.catalog.testsupport.Descriptors;
import dev.verdict.catalog.testsupport.TestRepo;
import dev.verdict.events.EventCodec;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.catalog.CatalogEvents;
import dev.verdict.events.catalog.EntityDeleted;
import dev.verdict.events.catalog.EntityOrphaned;
import dev.verdict.events.catalog.EntityUpserted;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import dev.verdict.testing.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;

/**
 * The life of a git-provided entity on the real Kafka topic: upserted by its location, orphaned when it vanishes
 * (naming the location and when it will be deleted), deleted by the orphan purge.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "catalog"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "catalog-service"))
@TestSecurity(
        user = "orphan-events",
        roles = {"viewer", "engineer"})
class OrphanEventsTest {

    @Inject
    LocationRefresher refresher;

    @Test
    void upsertedOrphanedAndPurgedArePublishedThroughTheOutbox() throws Exception {
        String name = "orphan-ev-" + UUID.randomUUID().toString().substring(0, 8);
        String ref = "component:default/" + name;
        Path dir = Files.createTempDirectory("catalog-orphan-events");
        try (Git git =
                Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            Files.writeString(
                    dir.resolve("catalog-info.yaml"),
                    Descriptors.component(name, "t") + "---\n" + Descriptors.component(name + "-stays", "t"));
            TestRepo.commit(git, "one");
            long id = given().contentType(ContentType.JSON)
                    .body(Map.of("url", dir.toUri().toString(), "path", "catalog-info.yaml"))
                    .post("/api/locations")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath()
                    .getLong("location.id");
            Files.writeString(dir.resolve("catalog-info.yaml"), Descriptors.component(name + "-stays", "t"));
            TestRepo.commit(git, "gone");
            Instant before = Instant.now();
            assertThat(refresher.refresh(id).orphaned()).isEqualTo(1);
            assertThat(refresher.purgeOrphans(Instant.now().plus(1, ChronoUnit.MINUTES)))
                    .isGreaterThanOrEqualTo(1);

            EventCodec codec = EventCodec.platform();
            List<VerdictEvent<?>> mine =
                    TopicReader.of(PostgresKafkaResource.kafka().bootstrapServers(), CatalogEvents.TOPIC)
                            .key(ref)
                            .read(3)
                            .stream()
                            .<VerdictEvent<?>>map(r -> codec.decode(r.value()))
                            .toList();
            assertThat(mine)
                    .extracting(VerdictEvent::type)
                    .containsExactly(
                            CatalogEvents.ENTITY_UPSERTED.name(),
                            CatalogEvents.ENTITY_ORPHANED.name(),
                            CatalogEvents.ENTITY_DELETED.name());
            EntityUpserted upserted =
                    mine.get(0).dataAs(CatalogEvents.ENTITY_UPSERTED).orElseThrow();
            EntityOrphaned orphaned =
                    mine.get(1).dataAs(CatalogEvents.ENTITY_ORPHANED).orElseThrow();
            EntityDeleted deleted =
                    mine.get(2).dataAs(CatalogEvents.ENTITY_DELETED).orElseThrow();
            assertThat(upserted.actor()).isEqualTo("location:" + id);
            assertThat(orphaned.locationId()).isEqualTo(id);
            assertThat(orphaned.uid()).isEqualTo(upserted.uid());
            // the default grace period (24h) from the moment it was orphaned
            assertThat(orphaned.deleteAfter())
                    .isBetween(before.plus(Duration.ofHours(24)), Instant.now().plus(Duration.ofHours(24)));
            assertThat(deleted.actor()).isEqualTo("orphan-purge");
            assertThat(deleted.uid()).isEqualTo(upserted.uid());
        }
    }
}
