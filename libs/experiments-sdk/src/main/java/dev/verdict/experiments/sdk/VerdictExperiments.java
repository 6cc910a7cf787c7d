package dev.verdict.experiments.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.allocation.Assigner;
import dev.verdict.allocation.StickyBuckets;
import dev.verdict.events.EventCodec;
import dev.verdict.events.EventFormatException;
import dev.verdict.events.Topics;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.experiment.ExperimentEvents;
import dev.verdict.events.experiment.ExposureRecorded;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Java SDK: {@link #assign} allocates in process, with no network call, from definitions fetched once over REST
 * ({@code GET /api/experiments?status=running}) and kept current from {@code verdict.experiments.v1}, and publishes an
 * exposure for each assignment that puts a unit in an experiment (duplicates are fine: analysis counts a unit once).
 *
 * <p>The consumer is positioned at the topic's end <em>before</em> the REST fetch, so no change made between the two is
 * missed; a change of an older phase than the one held is ignored. Without Kafka settings the SDK allocates from the
 * REST snapshot alone and publishes nothing.
 *
 * <p>Sticky bucketing (GrowthBook's, with Verdict's phases as bucket versions, ADR-0006) is on when the builder is
 * given a {@link StickyBuckets.Store} ({@link Builder#stickyBuckets()} for one in memory): {@link #assign} loads the
 * unit's documents from it, allocates, and saves what changed. A caller that keeps the documents itself passes them to
 * {@link #assign(String, Map, StickyBuckets)} instead. The SDK makes no network call of its own for either; what a
 * store does is the store's.
 *
 * <pre>{@code
 * try (VerdictExperiments sdk = VerdictExperiments.builder("http://localhost:8082", token)
 *         .kafka("localhost:19092").service("payments-api").start()) {
 *     Assignment a = sdk.assign("new-checkout", Map.of("id", userId));
 * }
 * }</pre>
 */
public final class VerdictExperiments implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Builder settings;
    private final Map<String, Definition> definitions = new ConcurrentHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong exposures = new AtomicLong();
    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread follower;
    private volatile boolean open = true;

    private VerdictExperiments(Builder b) {
        this.settings = b;
    }

    public static Builder builder(String baseUrl, Supplier<String> token) {
        return new Builder(baseUrl, token);
    }

    /**
     * The unit's variation; publishes an exposure when the unit is in the experiment. With a sticky bucket store, the
     * unit's documents are loaded from it first and the ones this assignment changed are saved to it.
     */
    public Assignment assign(String experiment, Map<String, ?> attributes) {
        StickyBuckets.Store store = settings.stickyStore;
        Definition d = definitions.get(experiment);
        if (store == null || d == null) {
            return assign(d, experiment, attributes, null);
        }
        Map<String, String> identities = Assigner.stickyAttributes(d.allocation(), attributes);
        StickyBuckets sticky = identities.isEmpty() ? StickyBuckets.empty() : new StickyBuckets(store.load(identities));
        Assignment a = assign(d, experiment, attributes, sticky);
        sticky.changed().forEach(store::save);
        return a;
    }

    /**
     * The unit's variation with sticky documents the caller keeps (GrowthBook's documents, one per attribute value):
     * a stored assignment of the current bucket version is kept, a new one is recorded in {@code sticky}, whose
     * {@link StickyBuckets#changed()} the caller saves. Null {@code sticky}: no sticky bucketing, as
     * {@link #assign(String, Map)} without a store.
     */
    public Assignment assign(String experiment, Map<String, ?> attributes, StickyBuckets sticky) {
        return assign(definitions.get(experiment), experiment, attributes, sticky);
    }

    private Assignment assign(Definition d, String experiment, Map<String, ?> attributes, StickyBuckets sticky) {
        if (d == null) {
            Object id = attributes.get("id");
            return new Assignment(
                    experiment, 0, id == null ? null : String.valueOf(id), 0, null, false, "unknown experiment");
        }
        Assigner.Outcome o = Assigner.assign(d.allocation(), d.forced(), attributes, sticky);
        String unit = Assigner.unit(d.allocation(), attributes, sticky != null);
        if (o.inExperiment()) {
            expose(d, unit, o.variation());
        }
        return new Assignment(
                experiment,
                d.phase(),
                unit,
                o.variation(),
                d.variationKeys().get(o.variation()),
                o.inExperiment(),
                o.reason());
    }

    /** The experiments held now (running or not), by key. */
    public java.util.Set<String> experiments() {
        return java.util.Set.copyOf(definitions.keySet());
    }

    /** The phase held for {@code experiment}, 0 if unknown: lets a caller wait for a change to arrive. */
    public int phase(String experiment) {
        Definition d = definitions.get(experiment);
        return d == null ? 0 : d.phase();
    }

    /** Exposures handed to Kafka so far. */
    public long exposuresPublished() {
        return exposures.get();
    }

    private void expose(Definition d, String unit, int variation) {
        if (producer == null) {
            return;
        }
        ExposureRecorded x = new ExposureRecorded(
                d.key(), d.phase(), unit, variation, settings.clock.instant().toString(), "sdk:" + settings.service);
        byte[] bytes = EventCodec.platform()
                .encode(VerdictEvent.create(ExperimentEvents.EXPOSURE_RECORDED, settings.service, unit, x));
        producer.send(new ProducerRecord<>(Topics.EXPERIMENTS, unit, bytes));
        exposures.incrementAndGet();
    }

    private VerdictEvent<?> decode(byte[] value) {
        try {
            return EventCodec.platform().decode(value);
        } catch (EventFormatException e) {
            return null; // not ours to judge: the aggregation parks what it cannot read
        }
    }

    private void start() {
        if (settings.bootstrap != null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap);
            p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap);
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> parts = consumer.partitionsFor(Topics.EXPERIMENTS, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position); // the end is fixed now, before the REST snapshot is read
        }
        fetchAll();
        if (consumer != null) {
            follower = new Thread(this::follow, "verdict-experiments-sdk");
            follower.setDaemon(true);
            follower.start();
        }
    }

    private void fetchAll() {
        int page = 0;
        while (true) {
            JsonNode list = get("/api/experiments?status=running&size=200&page=" + page);
            for (JsonNode item : list.path("items")) {
                String key = item.path("key").asText();
                put(Definition.of(get("/api/experiments/" + URLEncoder.encode(key, StandardCharsets.UTF_8)), JSON));
            }
            if ((long) (page + 1) * 200 >= list.path("total").asLong()) {
                return;
            }
            page++;
        }
    }

    private void follow() {
        try {
            while (open) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    VerdictEvent<?> e = r.value() == null ? null : decode(r.value());
                    if (e != null) {
                        e.dataAs(ExperimentEvents.EXPERIMENT_CHANGED).ifPresent(c -> put(Definition.of(c)));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void put(Definition d) {
        definitions.merge(d.key(), d, (held, next) -> next.phase() >= held.phase() ? next : held);
    }

    private JsonNode get(String path) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(settings.baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + settings.token.get())
                .header("Accept", "application/json")
                .build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        open = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (follower != null) {
            try {
                follower.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Settings; {@link #start()} fetches the definitions and, with Kafka, starts following them. */
    public static final class Builder {
        private final String baseUrl;
        private final Supplier<String> token;
        private String bootstrap;
        private String service = "java-sdk";
        private Clock clock = Clock.systemUTC();
        private StickyBuckets.Store stickyStore;

        private Builder(String baseUrl, Supplier<String> token) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl").replaceAll("/+$", "");
            this.token = Objects.requireNonNull(token, "token");
        }

        /** Kafka bootstrap servers: definitions follow changes, exposures are published. */
        public Builder kafka(String bootstrapServers) {
            this.bootstrap = bootstrapServers;
            return this;
        }

        /**
         * The allocating service's name (lower case, e.g. {@code payments-api}): the exposures' CloudEvent source
         * {@code /verdict/<service>} and their {@code source} field {@code sdk:<service>}.
         */
        public Builder service(String service) {
            this.service = Objects.requireNonNull(service, "service");
            return this;
        }

        /**
         * Sticky bucketing with the documents in {@code store} (GrowthBook's StickyBucketService: documents keyed by
         * {@code attributeName||attributeValue}); a store that reaches the network puts that call on the caller's path.
         */
        public Builder stickyBuckets(StickyBuckets.Store store) {
            this.stickyStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Sticky bucketing with the documents in this process's memory ({@link StickyBuckets.InMemoryStore}): for tests
         * and for a service whose units stay on one instance; it keeps every document until the process ends.
         */
        public Builder stickyBuckets() {
            return stickyBuckets(new StickyBuckets.InMemoryStore());
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public VerdictExperiments start() {
            VerdictExperiments sdk = new VerdictExperiments(this);
            try {
                sdk.start();
            } catch (RuntimeException e) {
                sdk.close();
                throw e;
            }
            return sdk;
        }
    }
}
