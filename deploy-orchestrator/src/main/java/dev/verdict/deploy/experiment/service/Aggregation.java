package dev.verdict.deploy.experiment.service;

import dev.verdict.deploy.experiment.aggregate.AggregationTopics;
import dev.verdict.deploy.experiment.aggregate.ExperimentAggregationTopology;
import dev.verdict.events.EventCodec;
import dev.verdict.events.Topics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the experiment aggregation in this service with quarkus-kafka-streams (the topology, and the topics it owns,
 * created at start-up: the extension waits for {@code quarkus.kafka-streams.topics} before it starts the streams).
 * The definitions and stats topics are compacted: each holds the latest value per key.
 */
@ApplicationScoped
public class Aggregation {

    static final int PARTITIONS = AggregationTopics.PARTITIONS;

    private final Optional<String> bootstrap;
    private final EventCodec codec;

    public Aggregation(@ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> bootstrap, EventCodec codec) {
        this.bootstrap = bootstrap;
        this.codec = codec;
    }

    /** Dependent, not application-scoped: KafkaStreams reads the topology's fields, which a client proxy lacks. */
    @Produces
    Topology topology() {
        return new ExperimentAggregationTopology(codec, ExperimentAggregationTopology.DEFAULT_DEDUPE_WINDOW).build();
    }

    void createTopics(@Observes @Priority(1) StartupEvent ev) {
        if (bootstrap.isEmpty()) {
            return;
        }
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.get());
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            Map<String, String> compacted = Map.of("cleanup.policy", "compact");
            List<NewTopic> missing = List.of(
                            new NewTopic(Topics.EXPERIMENTS, PARTITIONS, (short) -1),
                            new NewTopic(Topics.TELEMETRY, PARTITIONS, (short) -1),
                            new NewTopic(AggregationTopics.DEFINITIONS, 1, (short) -1).configs(compacted),
                            new NewTopic(AggregationTopics.STATS, PARTITIONS, (short) -1).configs(compacted),
                            new NewTopic(AggregationTopics.PARKED, 1, (short) -1))
                    .stream()
                    .filter(t -> !existing.contains(t.name()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) { // another replica was quicker
                Log.warnf(e.getCause(), "experiment aggregation: could not create its topics; it waits for them");
            }
        } catch (Exception e) {
            Log.warnf(e, "experiment aggregation: could not create its topics; it waits for them");
        }
    }
}
