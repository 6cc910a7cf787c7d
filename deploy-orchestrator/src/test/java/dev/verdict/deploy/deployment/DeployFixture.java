package dev.verdict.deploy.deployment;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.verdict.deploy.deployment.engine.Targets;
import dev.verdict.deploy.owner.store.ComponentOwnerEntity;
import dev.verdict.events.EventCodec;
import dev.verdict.events.Topics;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.catalog.CatalogEvents;
import dev.verdict.events.catalog.EntityUpserted;
import dev.verdict.plugin.process.run.ProcessTarget;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.TestKafka;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the deployment tests share: the demo service's artifact, catalog events, tokens, a load generator. */
public final class DeployFixture {

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private DeployFixture() {}

    public static RequestSpecification as(String user) {
        return given().auth().oauth2(KeycloakResource.accessToken(user)).contentType(ContentType.JSON);
    }

    /** The demo payments-api as the process target runs it: its jar, or its classes on a class path. */
    public static String artifactJson() throws Exception {
        Path where = Path.of(dev.verdict.demo.DemoService.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        return where.toString().endsWith(".jar")
                ? "{\"type\": \"jar\", \"value\": \"" + where + "\"}"
                : "{\"type\": \"command\", \"value\": \"java -cp " + where + " dev.verdict.demo.DemoService {port}\"}";
    }

    /** Announces a component and its owner on verdict.catalog.v1, as catalog-service does, and waits for it. */
    public static void announce(String ref, String owner) throws Exception {
        announce(ref, owner, Map.of());
    }

    /** As {@link #announce(String, String)}, with the placement annotations catalog-service sends along. */
    public static void announce(String ref, String owner, Map<String, String> annotations) throws Exception {
        send(ref, upserted(ref, owner, 1, annotations));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> QuarkusTransaction.requiringNew()
                                .call(() -> ComponentOwnerEntity.<ComponentOwnerEntity>findById(ref))
                        != null);
    }

    /** The EntityUpserted event catalog-service publishes for a component of {@code owner}. */
    public static VerdictEvent<EntityUpserted> upserted(
            String ref, String owner, long generation, Map<String, String> annotations) {
        return VerdictEvent.create(
                CatalogEvents.ENTITY_UPSERTED,
                "catalog-service",
                ref,
                new EntityUpserted(
                        ref,
                        UUID.randomUUID().toString(),
                        "Component",
                        owner,
                        "created",
                        generation,
                        "user:test",
                        annotations));
    }

    /** Publishes a component and its owner on verdict.catalog.v1, as catalog-service does. */
    static void publish(String ref, String owner) throws Exception {
        send(ref, upserted(ref, owner, 1, Map.of()));
    }

    /** Publishes the deletion of a component, as catalog-service does, and waits until the projection applied it. */
    static void delete(String ref) throws Exception {
        send(
                ref,
                VerdictEvent.create(
                        CatalogEvents.ENTITY_DELETED,
                        "catalog-service",
                        ref,
                        new dev.verdict.events.catalog.EntityDeleted(
                                ref, UUID.randomUUID().toString(), "user:test")));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> QuarkusTransaction.requiringNew()
                        .call(() -> ComponentOwnerEntity.<ComponentOwnerEntity>findById(ref).deleted));
    }

    private static void send(String ref, VerdictEvent<?> e) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestKafka.get().bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            Topics.CATALOG, ref, EventCodec.platform().encode(e)))
                    .get();
        }
    }

    static int routerPort(Targets targets, String component) {
        return ((ProcessTarget) targets.target()).router(component).port();
    }

    /**
     * Real traffic through the router: {@code threads} clients, each sending the next request when the last one
     * answered. Counts answers by version body and status.
     */
    static final class Load implements AutoCloseable {
        final Map<String, AtomicLong> byVersion = new ConcurrentHashMap<>();
        /** when each version last answered */
        final Map<String, java.time.Instant> lastSeen = new ConcurrentHashMap<>();

        final AtomicLong errors = new AtomicLong();
        /** answers of the router itself that it could not reach an instance (502/503/504) */
        final AtomicLong badGateway = new AtomicLong();
        /** requests that found no router listening (the orchestrator down) */
        final AtomicLong refused = new AtomicLong();

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread[] threads;

        Load(int port, int threads) {
            this.threads = new Thread[threads];
            for (int i = 0; i < threads; i++) {
                this.threads[i] = new Thread(() -> run(port), "load-" + i);
                this.threads[i].setDaemon(true);
                this.threads[i].start();
            }
        }

        private void run(int port) {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/payments/quote"))
                    .timeout(Duration.ofSeconds(5))
                    .build();
            while (running.get()) {
                try {
                    HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() >= 500) {
                        errors.incrementAndGet();
                    }
                    if (r.statusCode() >= 502 && r.statusCode() <= 504) {
                        badGateway.incrementAndGet();
                    }
                    String body = r.body();
                    int at = body.indexOf("\"version\":\"");
                    if (at >= 0) {
                        String v = body.substring(at + 11, body.indexOf('"', at + 11));
                        byVersion.computeIfAbsent(v, x -> new AtomicLong()).incrementAndGet();
                        lastSeen.put(v, java.time.Instant.now());
                    }
                } catch (java.io.IOException e) {
                    refused.incrementAndGet();
                    sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Answers by version since the last call, then starts counting afresh. */
        Map<String, Long> drain() {
            Map<String, Long> out = new TreeMap<>();
            byVersion.forEach((v, n) -> out.put(v, n.getAndSet(0)));
            out.values().removeIf(n -> n == 0);
            return out;
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }
}
