package dev.verdict.catalog.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.events.EventCodec;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.catalog.CatalogEvents;
import dev.verdict.events.catalog.EntityDeleted;
import dev.verdict.events.catalog.EntityUpserted;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PostgresKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import java.time.Duration;
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
import org.junit.jupiter.api.Test;

/** Entity changes reach the real Kafka topic through the outbox; a rejected submission publishes nothing. */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "catalog"))
@WithTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "catalog-service"))
@TestSecurity(user = "eve", roles = {"viewer", "engineer", "admin"})
class EventsTest {

    static {
        RestAssured.config = RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                .encodeContentTypeAs("application/yaml", ContentType.TEXT));
    }

    static String system(String name, String owner) {
        return "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: {name: " + name + "}\nspec: {owner: " + owner + "}\n";
    }

    @Test
    void upsertAndDeleteArePublishedInOrderAndRejectedSubmissionsPublishNothing() {
        String name = "ev-" + UUID.randomUUID().toString().substring(0, 8);
        String ref = "system:default/" + name;
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            given().contentType("application/yaml").body(system(name, "t1")).post("/api/entities").then().statusCode(201);
            // unchanged: no event
            given().contentType("application/yaml").body(system(name, "t1")).post("/api/entities").then().statusCode(200);
            // rejected (second document invalid): nothing stored, nothing published
            given().contentType("application/yaml").body(system(name, "t2") + "---\n" + system("Bad Name", "t"))
                    .post("/api/entities").then().statusCode(422);
            given().contentType("application/yaml").body(system(name, "t3")).post("/api/entities").then().statusCode(200);
            given().delete("/api/entities/by-ref/system/default/" + name).then().statusCode(204);

            List<VerdictEvent<?>> mine = new ArrayList<>();
            EventCodec codec = EventCodec.platform();
            long deadline = System.currentTimeMillis() + 30_000;
            while (mine.size() < 3 && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (ref.equals(r.key())) {
                        mine.add(codec.decode(r.value()));
                    }
                }
            }
            // a little longer, to catch an unexpected extra event
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(2))) {
                if (ref.equals(r.key())) {
                    mine.add(codec.decode(r.value()));
                }
            }
            assertThat(mine).extracting(VerdictEvent::type).containsExactly(CatalogEvents.ENTITY_UPSERTED.name(),
                    CatalogEvents.ENTITY_UPSERTED.name(), CatalogEvents.ENTITY_DELETED.name());
            EntityUpserted first = mine.get(0).dataAs(CatalogEvents.ENTITY_UPSERTED).orElseThrow();
            EntityUpserted second = mine.get(1).dataAs(CatalogEvents.ENTITY_UPSERTED).orElseThrow();
            EntityDeleted deleted = mine.get(2).dataAs(CatalogEvents.ENTITY_DELETED).orElseThrow();
            assertThat(first.change()).isEqualTo("created");
            assertThat(first.owner()).isEqualTo("group:default/t1");
            assertThat(second.owner()).isEqualTo("group:default/t3");
            assertThat(second.generation()).isEqualTo(2);
            assertThat(deleted.uid()).isEqualTo(first.uid());
            assertThat(mine.get(0).subject()).isEqualTo(ref);
            assertThat(mine.get(0).source()).isEqualTo("/verdict/catalog-service");
        }
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, PostgresKafkaResource.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "events-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(CatalogEvents.TOPIC));
        return c;
    }
}
