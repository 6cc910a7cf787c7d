package dev.verdict.deploy.demo;

import dev.verdict.deploy.config.DeployConfig;
import dev.verdict.events.EventCodec;
import dev.verdict.events.Topics;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.telemetry.MetricObserved;
import dev.verdict.events.telemetry.TelemetryEvents;
import dev.verdict.experiments.sdk.Assignment;
import dev.verdict.experiments.sdk.VerdictExperiments;
import dev.verdict.runtime.keycloak.KeycloakTokens;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Simulated shoppers for the local demo's experiment ({@code verdict.deploy.demo.shoppers.*}; off unless a rate is
 * set): each new user has a spending level, places a pre-period order (the CUPED covariate), is allocated by the Java
 * SDK like any shop (which publishes the exposure), and then orders again, with {@code lift} more in the treatment.
 * The orders are {@code MetricObserved} events on {@code verdict.telemetry.v1}, as a shop would publish them. Seeded,
 * so two runs send the same shoppers.
 */
@ApplicationScoped
public class DemoShoppers {

    static final String METRIC = "order-value";

    /**
     * How long the shoppers wait after the SDK first lists the experiment: the aggregation learns of it a moment
     * later (its definitions pass a topic and a global store), and an order that reaches it first is not an input
     * (the edge documented on ExperimentAggregationTopology). Without the wait the first shopper's pre-period order
     * could be dropped while its exposure counts, and the fault run's recount could not be exact.
     */
    static final Duration SETTLE = Duration.ofSeconds(5);

    private final DeployConfig.Demo.Shoppers config;
    private final Optional<String> bootstrap;
    private final Optional<String> oidc;
    private final Optional<String> secret;
    private final int port;
    private final AtomicLong users = new AtomicLong();
    private ScheduledExecutorService executor;
    private volatile VerdictExperiments sdk;
    private volatile Instant listedAt;
    private volatile boolean paused;
    private KafkaProducer<String, byte[]> producer;

    public DemoShoppers(
            DeployConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> bootstrap,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> oidc,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        this.config = config.demo().shoppers();
        this.bootstrap = bootstrap;
        this.oidc = oidc;
        this.secret = this.config.clientSecret().filter(s -> !s.isBlank());
        this.port = port;
    }

    void start(@Observes StartupEvent ev) {
        if (config.rate() <= 0 || bootstrap.isEmpty() || oidc.isEmpty() || secret.isEmpty()) {
            return;
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap.get());
        p.put("linger.ms", "20");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        SplittableRandom random = new SplittableRandom(config.seed());
        executor = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "demo-shoppers");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleAtFixedRate(
                () -> shop(random), 5000, Math.max(1, 1_000_000 / config.rate()), TimeUnit.MICROSECONDS);
        Log.infof(
                "demo shoppers: %d users/s for experiment %s, true lift %.0f %%",
                config.rate(), config.experiment(), config.lift() * 100);
    }

    /** The simulated shoppers now: whether they run at all (a rate is set), and whether they are paused. */
    public record View(int rate, String experiment, boolean running, boolean paused, long users) {}

    public View view() {
        return new View(config.rate(), config.experiment(), executor != null, paused, users.get());
    }

    /**
     * Pauses or resumes new shoppers (orders already due still arrive, within 3 s): what a demo user does to read a
     * result that holds still, and what the fault run does before it recounts the experiment's sums (issue #18).
     *
     * @return false when no shoppers run here (rate 0, or no Kafka or Keycloak configured)
     */
    public boolean pause(boolean pause) {
        if (executor == null) {
            return false;
        }
        if (pause != paused) {
            Log.infof("demo shoppers: %s", pause ? "paused" : "resumed");
        }
        paused = pause;
        return true;
    }

    private void shop(SplittableRandom random) {
        if (paused) {
            return;
        }
        try {
            VerdictExperiments s = sdk();
            if (!s.experiments().contains(config.experiment())) {
                return; // not created yet: ./verdict up creates it after the services are up
            }
            Instant now = Instant.now();
            if (listedAt == null) {
                listedAt = now;
            }
            if (now.isBefore(listedAt.plus(SETTLE))) {
                return;
            }
            String user = "shopper-" + users.incrementAndGet();
            double level = 50 + 12 * gaussian(random);
            order(user, level + 6 * gaussian(random), now.minus(Duration.ofDays(7)));
            Assignment a = s.assign(config.experiment(), Map.of("id", user));
            double lift = a.inExperiment() && a.variation() == 1 ? config.lift() : 0;
            double value = level * (1 + lift) + 6 * gaussian(random);
            // the order comes a few seconds after the page, as a shopper's would
            executor.schedule(() -> order(user, value, Instant.now()), 3, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            Log.debugf(e, "demo shoppers: skipped a user");
        }
    }

    private VerdictExperiments sdk() {
        VerdictExperiments s = sdk;
        if (s == null) {
            s = VerdictExperiments.builder(
                            "http://localhost:" + port,
                            () -> KeycloakTokens.clientCredentials(oidc.get(), "deploy-orchestrator", secret.get()))
                    .kafka(bootstrap.get())
                    .service("demo-shop")
                    .start();
            sdk = s;
        }
        return s;
    }

    private void order(String user, double value, Instant at) {
        MetricObserved m = new MetricObserved(user, METRIC, Math.max(0, value), at.toString(), null);
        producer.send(new ProducerRecord<>(
                Topics.TELEMETRY,
                user,
                EventCodec.platform()
                        .encode(VerdictEvent.create(TelemetryEvents.METRIC_OBSERVED, "demo-shop", user, m))));
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    void stop(@Observes ShutdownEvent ev) {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (sdk != null) {
            sdk.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }
}
