package dev.verdict.deploy.experiment.aggregate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.events.EventCodec;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.experiment.ExperimentChanged;
import dev.verdict.events.experiment.ExperimentEvents;
import dev.verdict.events.experiment.ExposureRecorded;
import dev.verdict.events.telemetry.MetricObserved;
import dev.verdict.events.telemetry.TelemetryEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The topology in a {@link TopologyTestDriver} with the production config (exactly-once), plus builders of the
 * encoded input events. Each pipe runs to completion (through the repartitions, and the per-unit stage's flush of
 * its pending sums) before the next, so the order of calls is the order the per-unit stage sees.
 */
final class AggregationHarness implements AutoCloseable {

    static final EventCodec CODEC = EventCodec.platform();
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static final ObjectMapper JSON = JsonSerde.MAPPER;

    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> experiments;
    private final TestInputTopic<String, byte[]> telemetry;
    private final TestOutputTopic<String, byte[]> stats;
    private final TestOutputTopic<String, byte[]> parked;

    AggregationHarness() {
        this(ExperimentAggregationTopology.DEFAULT_DEDUPE_WINDOW);
    }

    AggregationHarness(int dedupeWindow) {
        this(dedupeWindow, false);
    }

    AggregationHarness(int dedupeWindow, boolean inMemoryStores) {
        try {
            stateDir = Files.createTempDirectory("experiment-aggregate");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = AggregationStreamsConfig.properties("experiment-aggregate-test", "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                new ExperimentAggregationTopology(
                                CODEC,
                                dedupeWindow,
                                AggregationTopics.PARTITIONS,
                                ExperimentAggregationTopology.DEFAULT_FLUSH_INTERVAL,
                                inMemoryStores)
                        .build(),
                props);
        experiments = driver.createInputTopic(
                AggregationTopics.EXPERIMENTS, new StringSerializer(), new ByteArraySerializer());
        telemetry =
                driver.createInputTopic(AggregationTopics.TELEMETRY, new StringSerializer(), new ByteArraySerializer());
        stats = driver.createOutputTopic(
                AggregationTopics.STATS, new StringDeserializer(), new ByteArrayDeserializer());
        parked = driver.createOutputTopic(
                AggregationTopics.PARKED, new StringDeserializer(), new ByteArrayDeserializer());
    }

    // ---- inputs

    void define(String key, String status, int phase, int variations, List<String> metrics) {
        List<String> names = java.util.stream.IntStream.range(0, variations)
                .mapToObj(i -> i == 0 ? "control" : "treatment-" + i)
                .toList();
        List<Double> weights = names.stream().map(n -> 1.0 / variations).toList();
        ExperimentChanged c = new ExperimentChanged(
                key,
                "component:default/payments-api",
                null,
                status,
                phase,
                T0.toString(),
                key + "-" + phase,
                "id",
                2,
                names,
                weights,
                1.0,
                null,
                null,
                java.util.Map.of(),
                metrics,
                "0".repeat(64),
                "user:engineer");
        experiments.pipeInput(key, encode(ExperimentEvents.EXPERIMENT_CHANGED.name(), UUID.randomUUID(), T0, c), T0);
        flush();
    }

    /** An exposure; returns its encoded bytes so a test can re-send exactly the same record. */
    byte[] expose(String unit, String experiment, int phase, int variation, Instant at) {
        byte[] bytes = encode(
                ExperimentEvents.EXPOSURE_RECORDED.name(),
                UUID.randomUUID(),
                at,
                new ExposureRecorded(experiment, phase, unit, variation, at.toString(), "sdk:payments-api"));
        experiments.pipeInput(unit, bytes, at);
        flush();
        return bytes;
    }

    /** An observation with a fresh event id; returns its bytes so a test can redeliver it. */
    byte[] observe(String unit, String metric, double value, Instant at) {
        return observe(UUID.randomUUID(), unit, metric, value, at);
    }

    byte[] observe(UUID id, String unit, String metric, double value, Instant at) {
        byte[] bytes = encode(
                TelemetryEvents.METRIC_OBSERVED.name(),
                id,
                at,
                new MetricObserved(unit, metric, value, at.toString(), "component:default/payments-api"));
        telemetry.pipeInput(unit, bytes, at);
        flush();
        return bytes;
    }

    void pipeExperiments(String key, byte[] value) {
        experiments.pipeInput(key, value, T0);
        flush();
    }

    void pipeTelemetry(String key, byte[] value) {
        telemetry.pipeInput(key, value, T0);
        flush();
    }

    /** Lets the per-unit stage send its pending arm sums on, as its wall-clock punctuation does in a real run. */
    private void flush() {
        driver.advanceWallClockTime(ExperimentAggregationTopology.DEFAULT_FLUSH_INTERVAL);
    }

    static byte[] encode(String type, UUID id, Instant time, Object data) {
        return CODEC.encode(new VerdictEvent<>(id, "/verdict/test", type, null, time, data));
    }

    // ---- outputs

    /** The last published value per arm key, as a consumer upserting the stats topic would hold them. */
    Map<String, ArmStats> stats() {
        Map<String, ArmStats> out = new LinkedHashMap<>();
        stats.readKeyValuesToList().forEach(kv -> out.put(kv.key, read(kv.value, ArmStats.class)));
        return out;
    }

    /** Everything parked since the last call. */
    List<Parked> parked() {
        return parked.readValuesToList().stream()
                .map(v -> read(v, Parked.class))
                .toList();
    }

    /** The arm sums as the aggregate's store holds them now. */
    Map<String, ArmStats> store() {
        KeyValueStore<String, ArmStats> store = driver.getKeyValueStore(AggregationTopics.ARM_STATS_STORE);
        Map<String, ArmStats> out = new LinkedHashMap<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> out.put(kv.key, kv.value));
        }
        return out;
    }

    UnitState unit(String unit) {
        KeyValueStore<String, UnitState> store = driver.getKeyValueStore(AggregationTopics.UNIT_STATE_STORE);
        return store.get(unit);
    }

    private static <T> T read(byte[] json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
