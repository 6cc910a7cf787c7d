package dev.verdict.deploy.experiment.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.deploy.experiment.aggregate.AggregationTopics;
import dev.verdict.deploy.experiment.aggregate.ArmStats;
import dev.verdict.deploy.experiment.aggregate.Parked;
import dev.verdict.deploy.experiment.store.ArmStatsEntity;
import dev.verdict.deploy.experiment.store.ParkedEntity;
import dev.verdict.events.canonical.CanonicalJson;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps PostgreSQL's {@code experiment_arm_stats} and {@code experiment_parked} in step with the aggregation's output
 * topics, so analysis reads six numbers per arm and never a raw event.
 *
 * <p>Not an inbox consumer: the stats topic is a table's changelog, not a stream of events. Each record carries an
 * arm's whole current value, so writing the newest per key is idempotent and a replay after a crash converges to the
 * same rows (records of one arm share a partition and arrive in order). Parked records are unique by (event id,
 * reason). Offsets are committed after the database transaction, and only committed Streams output is read.
 */
@ApplicationScoped
public class ResultsMaterializer {

    static final String GROUP = "deploy-orchestrator.experiment-results";

    private final Optional<String> bootstrap;
    private final ObjectMapper json;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public ResultsMaterializer(
            @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> bootstrap, ObjectMapper json) {
        this.bootstrap = bootstrap;
        this.json = json;
    }

    void start(@Observes StartupEvent ev) {
        if (bootstrap.isEmpty()) {
            Log.warn("kafka.bootstrap.servers is not set: experiment results are not materialized");
            return;
        }
        running = true;
        thread = new Thread(this::loop, "experiment-results");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ev) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(10_000);
        }
    }

    private void loop() {
        while (running) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.get());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
            try (KafkaConsumer<String, byte[]> c =
                    new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = c;
                c.subscribe(List.of(AggregationTopics.STATS, AggregationTopics.PARKED));
                while (running) {
                    ConsumerRecords<String, byte[]> batch = c.poll(Duration.ofMillis(500));
                    if (!batch.isEmpty()) {
                        QuarkusTransaction.requiringNew().run(() -> apply(batch));
                        c.commitSync();
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                // as a restart: nothing of this batch was committed, it is read again
                Log.warnf(e, "experiment results: consumer failed, starting again in 2 s");
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    void apply(ConsumerRecords<String, byte[]> batch) {
        Map<ArmStatsEntity.Id, ArmStats> newest = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : batch) {
            if (r.value() == null) {
                continue;
            }
            try {
                if (r.topic().equals(AggregationTopics.STATS)) {
                    ArmStats s = json.readValue(r.value(), ArmStats.class);
                    newest.put(new ArmStatsEntity.Id(s.experiment(), s.phase(), s.variation(), s.metric()), s);
                } else {
                    park(json.readValue(r.value(), Parked.class));
                }
            } catch (java.io.IOException e) {
                Log.errorf(
                        "experiment results: unreadable record %s-%d@%d skipped: %s",
                        r.topic(), r.partition(), r.offset(), e.getMessage());
            }
        }
        newest.forEach((id, s) -> {
            ArmStatsEntity row = ArmStatsEntity.findById(id);
            if (row == null) {
                row = new ArmStatsEntity();
                row.id = id;
                row.persist();
            }
            row.n = s.n();
            row.sumY = s.sumY();
            row.sumY2 = s.sumY2();
            row.sumX = s.sumX();
            row.sumX2 = s.sumX2();
            row.sumXY = s.sumXY();
            row.updatedAt = s.updatedAt();
        });
    }

    private void park(Parked p) {
        String id = p.eventId() != null
                ? p.eventId()
                : "sha256:" + CanonicalJson.sha256Hex(p.payload() == null ? new byte[0] : p.payload());
        if (ParkedEntity.count("eventId = ?1 and reason = ?2", id, p.reason()) > 0) {
            return;
        }
        ParkedEntity row = new ParkedEntity();
        row.eventId = id;
        row.topic = p.topic();
        row.key = p.key();
        row.type = p.type();
        row.kind = p.kind() == null ? "UNKNOWN" : p.kind().name();
        row.reason = p.reason();
        row.payload = p.payload();
        row.parkedAt = Instant.now();
        row.persist();
    }
}
