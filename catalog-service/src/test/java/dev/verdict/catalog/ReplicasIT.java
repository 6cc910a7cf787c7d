package dev.verdict.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.catalog.testsupport.TestRepo;
import dev.verdict.events.EventCodec;
import dev.verdict.events.Topics;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.catalog.CatalogEvents;
import dev.verdict.events.catalog.EntityUpserted;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.TestKafka;
import dev.verdict.testing.TestService;
import dev.verdict.testing.TopicReader;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two replicas of the packaged catalog ({@code target/quarkus-app/quarkus-run.jar}) against one PostgreSQL and one
 * Kafka, each with its own git cache and its location scheduler ticking every second. Entities posted through both
 * at once are stored and announced once each; when one replica is killed (SIGKILL) in the middle of refreshing a
 * large commit of a git location, the survivor's scheduler imports it: every
 * entity there, every entity announced exactly once. Replica 0 is killed while it holds the refresh's transaction (the
 * test sees the location's row locked); replica 1's scheduler starts late, so nobody else could hold it then.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    static final int FILES = 2_000;
    static final Path WORK = Path.of("target/replicas-it").toAbsolutePath();
    static final List<TestService> replicas = new ArrayList<>();
    static TestRepo repo;

    @BeforeAll
    static void start() throws Exception {
        // descriptors are posted as YAML text (a @QuarkusTest has this set up; a plain test does not)
        io.restassured.RestAssured.config = io.restassured.RestAssured.config()
                .encoderConfig(io.restassured.config.EncoderConfig.encoderConfig()
                        .encodeContentTypeAs("application/yaml", ContentType.TEXT));
        for (String t : Topics.ALL) {
            TestKafka.get().createTopic(t, 2);
        }
        repo = TestRepo.create("catalog-replicas-it");
        repo.write("catalog-info.yaml", component("rep-root"));
        repo.commit("one file");
        // both boot side by side
        replicas.addAll(TestService.startAll(List.of(replica(0), replica(1))));
    }

    static TestService.Spec replica(int i) {
        return TestService.of("catalog-service", Path.of("."))
                .database("catalog_replicas")
                .logDir(WORK.resolve("replica-" + i))
                .env("VERDICT_KEYCLOAK_SYNC", "false")
                .env("VERDICT_CATALOG_GIT_CACHE", WORK.resolve("cache-" + i).toString())
                .jvm("-Dverdict.catalog.locations.scheduler-every=1s")
                // replica 1's scheduler starts late, so the large refresh below is replica 0's when it dies
                .jvm("-Dverdict.catalog.locations.scheduler-delay=" + (i == 0 ? "1s" : "45s"))
                .jvm("-Dverdict.catalog.locations.refresh-interval=2s");
    }

    @AfterAll
    static void stop() {
        replicas.forEach(TestService::close);
        if (repo != null) {
            repo.close();
        }
    }

    static String component(String name) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name
                + "\nspec:\n  type: service\n  lifecycle: production\n  owner: team-replicas\n";
    }

    static RequestSpecification as(TestService replica, String user) {
        return given().baseUri(replica.url())
                .auth()
                .oauth2(KeycloakResource.accessToken(user))
                .contentType(ContentType.JSON);
    }

    /** Every upsert event of refs starting with {@code prefix}, by ref. */
    static Map<String, List<EntityUpserted>> upserts(String prefix, int expected) {
        EventCodec codec = EventCodec.platform();
        return TopicReader.of(TestKafka.get().bootstrapServers(), Topics.CATALOG)
                .filter(r -> r.key() != null && r.key().startsWith(prefix))
                .timeout(Duration.ofSeconds(120))
                .settle(Duration.ofSeconds(3))
                .read(expected)
                .stream()
                .<VerdictEvent<?>>map(r -> codec.decode(r.value()))
                .flatMap(e -> e.dataAs(CatalogEvents.ENTITY_UPSERTED).stream())
                .collect(Collectors.groupingBy(EntityUpserted::ref, TreeMap::new, Collectors.toList()));
    }

    @Test
    @Order(2)
    void entitiesPostedThroughBothReplicasAtOnceAreStoredAndAnnouncedOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                for (int e = 0; e < 10; e++) {
                    as(replicas.get((writer + e) % 2), "engineer")
                            .contentType("application/yaml")
                            .body(component("posted-" + writer + "-" + e))
                            .post("/api/entities")
                            .then()
                            .statusCode(201);
                }
                return null;
            }));
        }
        for (Future<?> f : writers) {
            f.get();
        }
        pool.shutdown();
        // the same descriptors again, each through the other replica: unchanged, so nothing is announced
        for (int w = 0; w < 8; w++) {
            for (int e = 0; e < 10; e++) {
                as(replicas.get((w + e + 1) % 2), "admin") // an existing entity: its owners or an admin
                        .contentType("application/yaml")
                        .body(component("posted-" + w + "-" + e))
                        .post("/api/entities")
                        .then()
                        .statusCode(200);
            }
        }
        Map<String, List<EntityUpserted>> events = upserts("component:default/posted-", 80);
        assertThat(events).hasSize(80);
        assertThat(events.values())
                .allSatisfy(list -> assertThat(list)
                        .singleElement()
                        .satisfies(u -> assertThat(u.change()).isEqualTo("created")));
    }

    @Test
    @Order(1) // first: replica 1's scheduler has not started yet
    void aReplicaKilledInTheMiddleOfARefreshLeavesItToTheOtherAndEveryEntityIsAnnouncedOnce() throws Exception {
        long id = as(replicas.get(0), "engineer")
                .body(Map.of("url", repo.dir().toUri().toString(), "branch", "main", "path", "**/catalog-info.yaml"))
                .post("/api/locations")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("location.id");
        for (int i = 0; i < FILES; i++) {
            repo.write("svc-" + i + "/catalog-info.yaml", component("rep-" + i));
        }
        repo.commit(FILES + " components");
        // the refresh holds the location's row for its whole transaction: kill replica 0 while it does
        boolean killedInTheMiddle = false;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                dev.verdict.testing.TestPostgres.get().jdbcUrl("catalog_replicas"),
                dev.verdict.testing.TestPostgres.get().username(),
                dev.verdict.testing.TestPostgres.get().password())) {
            c.setAutoCommit(false);
            long until = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (!killedInTheMiddle && System.nanoTime() < until) {
                try (var st = c.prepareStatement("select id from locations where id = ? for update nowait")) {
                    st.setLong(1, id);
                    st.executeQuery().close();
                    c.rollback();
                    Thread.sleep(20);
                } catch (java.sql.SQLException held) {
                    assertThat(held.getSQLState()).as(held.getMessage()).isEqualTo("55P03");
                    c.rollback();
                    replicas.get(0).kill();
                    killedInTheMiddle = true;
                }
            }
        }
        assertThat(killedInTheMiddle)
                .as("replica 0 was seen refreshing and killed then")
                .isTrue();
        TestService survivor = replicas.get(1);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> as(survivor, "viewer")
                                .get("/api/locations/" + id)
                                .then()
                                .extract()
                                .jsonPath()
                                .getInt("location.entityCount")
                        == FILES + 1);
        Map<String, List<EntityUpserted>> events = upserts("component:default/rep-", FILES + 1);
        assertThat(events).hasSize(FILES + 1);
        assertThat(events.entrySet())
                .allSatisfy(e -> assertThat(e.getValue())
                        .as(e.getKey() + " announced once")
                        .singleElement()
                        .satisfies(u -> assertThat(u.generation()).isEqualTo(1)));
        as(survivor, "viewer")
                .get("/api/entities/by-ref/component/default/rep-" + (FILES - 1))
                .then()
                .statusCode(200);
        replicas.set(0, replica(0).start()); // started again: the next test posts through both
    }
}
