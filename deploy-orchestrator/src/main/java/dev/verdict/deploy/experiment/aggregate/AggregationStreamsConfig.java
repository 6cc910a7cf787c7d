package dev.verdict.deploy.experiment.aggregate;

import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings {@link ExperimentAggregationTopology} relies on. Exactly-once is not optional: the
 * per-unit store, the deltas it emits and the arm sums are only consistent if a state update and its output commit
 * together (a replay under at-least-once would add a unit's delta twice). On a single-broker dev stack the broker
 * needs {@code transaction.state.log.replication.factor=1} and {@code transaction.state.log.min.isr=1}; that is broker
 * configuration, not set here.
 */
public final class AggregationStreamsConfig {

    private AggregationStreamsConfig() {}

    /**
     * @param applicationId    the consumer group and the prefix of internal topics, e.g. {@code verdict-experiment-stats}
     * @param bootstrapServers the Kafka bootstrap servers, from configuration
     */
    public static Properties properties(String applicationId, String bootstrapServers) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, Objects.requireNonNull(applicationId, "applicationId"));
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return p;
    }
}
