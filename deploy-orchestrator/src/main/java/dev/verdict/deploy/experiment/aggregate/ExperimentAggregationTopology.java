package dev.verdict.deploy.experiment.aggregate;

import dev.verdict.deploy.experiment.aggregate.Classifier.Route;
import dev.verdict.deploy.experiment.aggregate.Classifier.ToDefinitions;
import dev.verdict.deploy.experiment.aggregate.Classifier.ToParked;
import dev.verdict.deploy.experiment.aggregate.Classifier.ToUnit;
import dev.verdict.events.EventCodec;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The experiment aggregation (issue #14): turns exposures and metric observations into per-arm sufficient
 * statistics, exactly and incrementally, on Kafka Streams. Plain Kafka Streams: whoever runs it supplies
 * {@link AggregationStreamsConfig#properties} and creates the {@link AggregationTopics#OWNED} topics.
 *
 * <p>Data flow (topic and store names in {@link AggregationTopics}):
 *
 * <ol>
 *   <li><b>Classify</b> ({@link Classifier}, stateless). Every record of {@code verdict.experiments.v1} and
 *       {@code verdict.telemetry.v1} is decoded with the platform codec. An {@code ExperimentChanged} becomes a
 *       compact {@link Definition} written to the compacted {@code DEFINITIONS} topic, keyed by experiment. An
 *       {@code ExposureRecorded} or {@code MetricObserved} is re-keyed by its {@code unit} field. Undecodable bytes
 *       and unusable fields are parked; other event types on those topics (evidence...) are not inputs and are
 *       skipped.
 *   <li><b>Definitions</b> ({@link DefinitionStoreUpdater}): a global store over {@code DEFINITIONS}, so every task
 *       can look up any experiment by key, and the experiments measuring a metric by prefix scan. (A global store
 *       cannot read the experiments topic itself: Kafka Streams lets one topic feed only one source.)
 *   <li><b>By unit</b>: exposures and observations are repartitioned together through {@code BY_UNIT}, keyed by
 *       unit id. Always, not only when needed: the experiments topic is documented as keyed by experiment key while
 *       exposures are documented as keyed by unit, and two topics are only co-partitioned if their partition counts
 *       also match; one repartition topic makes both true by construction.
 *   <li><b>Per unit</b> ({@link UnitProcessor}, store {@code UNIT_STATE_STORE}): keeps each unit's first exposure per
 *       (experiment, phase) and its {@code x} (pre-period) and {@code y} (from exposure on) per metric, parks
 *       exposures the definitions reject, ignores duplicate exposures and already-seen metric event ids, and emits
 *       one {@link ArmDelta} per arm an input changes, keyed {@code experiment|phase|variation|metric}.
 *   <li><b>Per arm</b>: the deltas are repartitioned through {@code BY_ARM} and summed by
 *       {@code groupByKey().aggregate(...)} into a {@code KTable<String, ArmStats>} ({@code ARM_STATS_STORE}); its
 *       changes go to {@code STATS} as whole {@link ArmStats} (never deltas, so a downstream upsert is idempotent).
 *   <li><b>Parked</b>: what the classify and per-unit stages reject goes to {@code PARKED} with its reason and the
 *       original bytes.
 * </ol>
 *
 * <p>Known edges: a definition travels through a topic and the global thread, so an exposure that arrives within
 * moments of its experiment's first {@code running} definition can be parked as "no experiment" or "is draft"; it is
 * parked with its bytes, so it can be re-published. Observations that arrive before a unit's exposure event are held
 * with their times and split by time when it arrives (before it: {@code x}; from it on: {@code y}), up to
 * {@link UnitState#HOLD_LIMIT} per metric, past which the oldest fold into {@code x}; they are held only while the experiment runs
 * in that phase and lists the metric, so every unit that reports such a metric gets a state entry, exposed or not
 * (nothing prunes ended phases yet). The first exposure to arrive is kept, even if a later one carries an earlier time.
 */
public final class ExperimentAggregationTopology {

    /** Metric event ids remembered per unit for de-duplication. */
    public static final int DEFAULT_DEDUPE_WINDOW = 1_000;

    /** How often a task sends its pending per-arm sums downstream (wall clock). */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(100);

    private final EventCodec codec;
    private final int dedupeWindow;
    private final int partitions;
    private final Duration flushInterval;
    private final boolean inMemoryStores;

    public ExperimentAggregationTopology() {
        this(EventCodec.platform(), DEFAULT_DEDUPE_WINDOW);
    }

    /**
     * @param codec        decodes the inputs; shared by all tasks (it is thread-safe)
     * @param dedupeWindow how many metric event ids each unit remembers; a redelivery further back counts again
     */
    public ExperimentAggregationTopology(EventCodec codec, int dedupeWindow) {
        this(codec, dedupeWindow, AggregationTopics.PARTITIONS, DEFAULT_FLUSH_INTERVAL, false);
    }

    /**
     * @param inMemoryStores unit and arm stores in memory (still changelogged) instead of RocksDB: for tests that
     *                       push thousands of records through the test driver, which flushes RocksDB on every record
     */
    ExperimentAggregationTopology(
            EventCodec codec, int dedupeWindow, int partitions, Duration flushInterval, boolean inMemoryStores) {
        this.codec = Objects.requireNonNull(codec, "codec");
        if (dedupeWindow < 1) {
            throw new IllegalArgumentException("dedupeWindow must be at least 1, was " + dedupeWindow);
        }
        this.dedupeWindow = dedupeWindow;
        this.partitions = partitions;
        this.flushInterval = Objects.requireNonNull(flushInterval, "flushInterval");
        this.inMemoryStores = inMemoryStores;
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        AtomicLong definitionsVersion = new AtomicLong();

        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(AggregationTopics.DEFINITIONS_STORE),
                                Serdes.String(),
                                Definition.STORE_SERDE)
                        .withLoggingDisabled(), // a global store's changelog is its source topic
                AggregationTopics.DEFINITIONS,
                Consumed.with(Serdes.String(), JsonSerde.DEFINITION).withName("definitions-source"),
                () -> new DefinitionStoreUpdater(definitionsVersion));

        Classifier classifier = new Classifier(codec, partitions);
        KStream<String, Route> experiments = builder.stream(
                        AggregationTopics.EXPERIMENTS,
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("experiments-source"))
                .processValues(classify(classifier, AggregationTopics.EXPERIMENTS), Named.as("classify-experiments"));
        KStream<String, Route> telemetry = builder.stream(
                        AggregationTopics.TELEMETRY,
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("telemetry-source"))
                .processValues(classify(classifier, AggregationTopics.TELEMETRY), Named.as("classify-telemetry"));

        // Ignored routes (other event types) match no branch and end here.
        Map<String, KStream<String, Route>> routes = experiments
                .merge(telemetry, Named.as("inputs"))
                .split(Named.as("route-"))
                .branch((k, v) -> v instanceof ToDefinitions, Branched.as("definitions"))
                .branch((k, v) -> v instanceof ToUnit u && u.direct(), Branched.as("unit-here"))
                .branch((k, v) -> v instanceof ToUnit, Branched.as("unit-elsewhere"))
                .branch((k, v) -> v instanceof ToParked, Branched.as("parked"))
                .noDefaultBranch();

        routes.get("route-definitions")
                .selectKey((k, v) -> ((ToDefinitions) v).experiment(), Named.as("key-by-experiment"))
                .mapValues(v -> ((ToDefinitions) v).definition(), Named.as("definition"))
                .to(
                        AggregationTopics.DEFINITIONS,
                        Produced.with(Serdes.String(), JsonSerde.DEFINITION).withName("definitions-sink"));

        // Producers key exposures and observations by unit, so nearly every input already sits in its unit's
        // partition and goes straight on; the rest (another key, another partitioner, more input partitions than
        // the by-unit topic has) are re-keyed through BY_UNIT, read back by this same sub-topology.
        KStream<String, UnitEvent> here =
                routes.get("route-unit-here").mapValues(v -> ((ToUnit) v).event(), Named.as("unit-event-here"));
        KStream<String, UnitEvent> moved = routes.get("route-unit-elsewhere")
                .selectKey((k, v) -> ((ToUnit) v).unit(), Named.as("key-by-unit"))
                .mapValues(v -> ((ToUnit) v).event(), Named.as("unit-event"))
                .repartition(Repartitioned.with(Serdes.String(), UnitEvent.SERDE)
                        .withName(AggregationTopics.BY_UNIT)
                        .withNumberOfPartitions(partitions));
        KStream<String, Emitted> emitted = here.merge(moved, Named.as("unit-events"))
                .process(
                        UnitProcessor.supplier(
                                dedupeWindow,
                                flushInterval,
                                definitionsVersion,
                                store(AggregationTopics.UNIT_STATE_STORE)),
                        Named.as("per-unit"));

        Map<String, KStream<String, Emitted>> outputs = emitted.split(Named.as("emitted-"))
                .branch((k, v) -> v instanceof ArmDelta, Branched.as("delta"))
                .branch((k, v) -> v instanceof Parked, Branched.as("parked"))
                .noDefaultBranch();

        KTable<String, ArmStats> stats = outputs.get("emitted-delta")
                .mapValues(v -> (ArmDelta) v, Named.as("delta"))
                .groupByKey(Grouped.with(AggregationTopics.BY_ARM, Serdes.String(), ArmDelta.SERDE))
                .aggregate(
                        () -> ArmStats.EMPTY,
                        (arm, delta, sum) -> sum.plus(delta),
                        Named.as("sum-per-arm"),
                        Materialized.<String, ArmStats>as(store(AggregationTopics.ARM_STATS_STORE))
                                .withKeySerde(Serdes.String())
                                .withValueSerde(ArmStats.STORE_SERDE));
        stats.toStream(Named.as("arm-changes"))
                .to(
                        AggregationTopics.STATS,
                        Produced.with(Serdes.String(), JsonSerde.ARM_STATS).withName("stats-sink"));

        // two sinks, not a merge: a merge would fuse the classify and per-unit sub-topologies into one
        routes.get("route-parked")
                .mapValues(v -> ((ToParked) v).parked(), Named.as("parked-at-classify"))
                .to(
                        AggregationTopics.PARKED,
                        Produced.with(Serdes.String(), JsonSerde.PARKED).withName("parked-at-classify-sink"));
        outputs.get("emitted-parked")
                .mapValues(v -> (Parked) v, Named.as("parked-per-unit"))
                .to(
                        AggregationTopics.PARKED,
                        Produced.with(Serdes.String(), JsonSerde.PARKED).withName("parked-per-unit-sink"));

        return builder.build();
    }

    /** The classifier as a processor: it needs each record's partition, which a value mapper cannot see. */
    private static FixedKeyProcessorSupplier<String, byte[], Route> classify(Classifier classifier, String topic) {
        return () -> new FixedKeyProcessor<>() {
            private FixedKeyProcessorContext<String, Route> context;

            @Override
            public void init(FixedKeyProcessorContext<String, Route> context) {
                this.context = context;
            }

            @Override
            public void process(FixedKeyRecord<String, byte[]> record) {
                int partition =
                        context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
                context.forward(record.withValue(classifier.classify(topic, partition, record.key(), record.value())));
            }
        };
    }

    private KeyValueBytesStoreSupplier store(String name) {
        return inMemoryStores ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }
}
