package dev.verdict.catalog.location;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.events.EventCodec;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.catalog.CatalogEvents;
import dev.verdict.events.catalog.EntityDeleted;
import dev.verdict.events.catalog.EntityOrphaned;
import dev.verdict.events.catalog.EntityUpserted;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;

/**
 * The life of a git-provided entity on the real Kafka topic: upserted by its location, orphaned when it vanishes
 * (naming the location and when it will be deleted), deleted by the orphan purge.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "catalog"))
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "catalog-service"))
@TestSecurity(user = "orphan-events", roles = {"viewer", "engineer"})
class OrphanEventsTest {

    @Inject
    LocationRefresher refresher;

    @Test
    void upsertedOrphanedAndPurgedArePublishedThroughTheOutbox() throws Exception {
        String name = "orphan-ev-" + UUID.randomUUID().toString().substring(0, 8);
        String ref = "component:default/" + name;
        Path dir = Files.createTempDirectory("catalog-orphan-events");
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
             KafkaConsumer<String, byte[]> consumer = consumer()) {
            Files.writeString(dir.resolve("catalog-info.yaml"), GitLocationTest.component(name, "t")
                    + "---\n" + GitLocationTest.component(name + "-stays", "t"));
            LocationSchedulerTest.commit(git, "one");
            long id = given().contentType(ContentType.JSON).body(Map.of("url", dir.toUri().toString(), "path", "catalog-info.yaml"))
                    .post("/api/locations").then().statusCode(201).extract().jsonPath().getLong("location.id");
            Files.writeString(dir.resolve("catalog-info.yaml"), GitLocationTest.component(name + "-stays", "t"));
            LocationSchedulerTest.commit(git, "gone");
            Instant before = Instant.now();
            assertThat(refresher.refresh(id).orphaned()).isEqualTo(1);
            assertThat(refresher.purgeOrphans(Instant.now().plus(1, ChronoUnit.MINUTES))).isGreaterThanOrEqualTo(1);

            List<VerdictEvent<?>> mine = new ArrayList<>();
            EventCodec codec = EventCodec.platform();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (mine.size() < 3 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (ref.equals(r.key())) {
                        mine.add(codec.decode(r.value()));
                    }
                }
            }
            assertThat(mine).extracting(VerdictEvent::type).containsExactly(CatalogEvents.ENTITY_UPSERTED.name(),
                    CatalogEvents.ENTITY_ORPHANED.name(), CatalogEvents.ENTITY_DELETED.name());
            EntityUpserted upserted = mine.get(0).dataAs(CatalogEvents.ENTITY_UPSERTED).orElseThrow();
            EntityOrphaned orphaned = mine.get(1).dataAs(CatalogEvents.ENTITY_ORPHANED).orElseThrow();
            EntityDeleted deleted = mine.get(2).dataAs(CatalogEvents.ENTITY_DELETED).orElseThrow();
            assertThat(upserted.actor()).isEqualTo("location:" + id);
            assertThat(orphaned.locationId()).isEqualTo(id);
            assertThat(orphaned.uid()).isEqualTo(upserted.uid());
            // the default grace period (24h) from the moment it was orphaned
            assertThat(orphaned.deleteAfter()).isBetween(before.plus(Duration.ofHours(24)),
                    Instant.now().plus(Duration.ofHours(24)));
            assertThat(deleted.actor()).isEqualTo("orphan-purge");
            assertThat(deleted.uid()).isEqualTo(upserted.uid());
        }
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, PostgresKafkaResource.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "orphan-events-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(CatalogEvents.TOPIC));
        return c;
    }
}
