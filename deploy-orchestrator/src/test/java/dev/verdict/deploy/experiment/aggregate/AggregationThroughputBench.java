package dev.verdict.deploy.experiment.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.deploy.experiment.aggregate.AggregationWorkload.Input;
import dev.verdict.deploy.experiment.aggregate.AggregationWorkload.Sums;
import dev.verdict.runtime.files.Trees;
import dev.verdict.testing.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not part of the suite (the name does not end in Test): the throughput of
 * {@link ExperimentAggregationTopology} against a pass-through topology (both input topics straight to one output
 * topic) on the same broker in the same run, alternating pass-through / aggregation, each round a fresh application
 * reading the same pre-produced backlog of {@link AggregationWorkload} events. Both with the orchestrator's Streams
 * settings: exactly_once_v2, commit interval 200 ms, one stream thread, 3 partitions per input (as
 * {@code Aggregation} creates them), RocksDB stores for the aggregation. A round's time runs from the application
 * reaching RUNNING to its whole output being committed: for the pass-through, its committed input offsets reaching the
 * ends (offsets commit in the output's transaction); for the aggregation, the stats topic, read committed, holding
 * the exact expected sums. Issue #14's goal: aggregation ≥ 50 % of pass-through.
 *
 * <p>{@code ./mvnw -B -o -pl deploy-orchestrator test -Dtest=AggregationThroughputBench
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.units=20000 -Dbench.rounds=4 -Dbench.warmup=1]}. Writes
 * {@code target/bench/aggregation.txt}; numbers in docs/performance.md.
 */
class AggregationThroughputBench {

    static final String EXPERIMENT = "bench";
    static final String PASS_THROUGH_OUT = "bench.pass-through-out";
    static final int PARTITIONS = 3; // Aggregation.PARTITIONS
    static final String COMMIT_INTERVAL_MS = "200"; // application.properties

    @Test
    void aggregationAgainstPassThrough() throws Exception {
        int units = Integer.getInteger("bench.units", 20_000);
        int rounds = Integer.getInteger("bench.rounds", 4);
        int warmup = Integer.getInteger("bench.warmup", 1); // rounds of each that the median leaves out (JIT)
        String bootstrap = TestKafka.get().bootstrapServers();
        Path work = Path.of("target/bench").toAbsolutePath();
        Files.createDirectories(work);

        createTopics();
        AggregationWorkload workload = AggregationWorkload.generate(EXPERIMENT, 1, units, 20261203L);
        produce(bootstrap, workload);
        long events = workload.inputs().size() + 1; // and the probe, sent so the expected sums hold
        Map<String, Sums> expected = workload.expected();

        List<String> out = new ArrayList<>();
        out.add(String.format(
                Locale.ROOT,
                "# aggregation bench, %s, %d cores, JDK %s, load %.2f; %d units, %,d events (%d duplicate exposures,"
                        + " %d redelivered observations), %d warm-up + %d rounds each",
                Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage(),
                units,
                events,
                workload.duplicateExposures(),
                workload.redeliveries(),
                warmup,
                rounds));
        List<Double> pass = new ArrayList<>();
        List<Double> aggregation = new ArrayList<>();
        for (int round = 1; round <= warmup + rounds; round++) {
            double p = events / passThrough(bootstrap, work, round);
            double a = events / aggregation(bootstrap, work, round, expected);
            if (round > warmup) {
                pass.add(p);
                aggregation.add(a);
            }
            out.add(String.format(
                    Locale.ROOT,
                    "round %d%s: pass-through %,.0f events/s, aggregation %,.0f events/s, ratio %.2f",
                    round,
                    round <= warmup ? " (warm-up)" : "",
                    p,
                    a,
                    a / p));
            System.out.println(out.get(out.size() - 1));
        }
        double medianPass = median(pass);
        double medianAggregation = median(aggregation);
        out.add(String.format(
                Locale.ROOT,
                "median of %d: pass-through %,.0f events/s, aggregation %,.0f events/s, ratio %.2f (goal >= 0.50), load"
                        + " %.2f at the end",
                rounds,
                medianPass,
                medianAggregation,
                medianAggregation / medianPass,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage()));
        Files.write(work.resolve("aggregation.txt"), out);
        out.forEach(System.out::println);
    }

    /** Seconds from RUNNING until the pass-through has committed every input offset. */
    private static double passThrough(String bootstrap, Path work, int round) throws Exception {
        String app = "bench-pass-through-" + round + "-" + System.nanoTime();
        StreamsBuilder b = new StreamsBuilder();
        b.stream(
                        List.of(AggregationTopics.EXPERIMENTS, AggregationTopics.TELEMETRY),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .to(PASS_THROUGH_OUT, Produced.with(Serdes.String(), Serdes.ByteArray()));
        try (Admin admin = TestKafka.get().admin()) {
            Map<TopicPartition, Long> ends = ends(admin, inputPartitions(admin));
            return run(app, b.build(), bootstrap, work, () -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(app)
                        .partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
                return ends.entrySet().stream().allMatch(e -> {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    return c != null && c.offset() >= e.getValue();
                });
            });
        }
    }

    /** Seconds from RUNNING until the stats topic, read committed, holds the exact sums of the whole input. */
    private static double aggregation(String bootstrap, Path work, int round, Map<String, Sums> expected)
            throws Exception {
        String app = "bench-aggregation-" + round + "-" + System.nanoTime();
        Topology topology = new ExperimentAggregationTopology().build();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        try (KafkaConsumer<String, byte[]> stats =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = stats.partitionsFor(AggregationTopics.STATS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            stats.assign(tps);
            stats.seekToEnd(tps); // only this round's output
            tps.forEach(stats::position);
            Map<String, Sums> latest = new HashMap<>();
            return run(app, topology, bootstrap, work, () -> {
                for (ConsumerRecord<String, byte[]> r : stats.poll(Duration.ofMillis(20))) {
                    if (r.key().startsWith(EXPERIMENT + "|")) {
                        latest.put(
                                r.key(),
                                AggregationWorkload.sums(JsonSerde.MAPPER.readValue(r.value(), ArmStats.class)));
                    }
                }
                return latest.equals(expected);
            });
        }
    }

    interface Done {
        boolean check() throws Exception;
    }

    private static double run(String app, Topology topology, String bootstrap, Path work, Done done) throws Exception {
        Properties p = AggregationStreamsConfig.properties(app, bootstrap);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state").toString());
        AtomicLong running = new AtomicLong();
        try (KafkaStreams streams = new KafkaStreams(topology, p)) {
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    running.compareAndSet(0, System.nanoTime());
                }
            });
            streams.start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (running.get() == 0 || !done.check()) {
                assertThat(streams.state()).isNotIn(KafkaStreams.State.ERROR, KafkaStreams.State.NOT_RUNNING);
                assertThat(System.nanoTime()).as("round of %s", app).isLessThan(deadline);
                Thread.sleep(10);
            }
            double seconds = (System.nanoTime() - running.get()) / 1e9;
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
            return seconds;
        } finally {
            Trees.deleteQuietly(work.resolve("state").resolve(app));
        }
    }

    private static void createTopics() throws Exception {
        Map<String, String> compacted = Map.of("cleanup.policy", "compact");
        try (Admin admin = TestKafka.get().admin()) {
            for (NewTopic t : List.of(
                    new NewTopic(AggregationTopics.EXPERIMENTS, PARTITIONS, (short) 1),
                    new NewTopic(AggregationTopics.TELEMETRY, PARTITIONS, (short) 1),
                    new NewTopic(AggregationTopics.DEFINITIONS, 1, (short) 1).configs(compacted),
                    new NewTopic(AggregationTopics.STATS, PARTITIONS, (short) 1).configs(compacted),
                    new NewTopic(AggregationTopics.PARKED, 1, (short) 1),
                    new NewTopic(PASS_THROUGH_OUT, PARTITIONS, (short) 1))) {
                try {
                    admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * The running definition straight into the definitions topic (each round's global store restores it before
     * RUNNING, so no exposure is parked for overtaking it), then the probe and the whole workload.
     */
    private static void produce(String bootstrap, AggregationWorkload workload) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                20);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            Definition d = new Definition(
                    EXPERIMENT, Definition.RUNNING, 1, AggregationWorkload.VARIATIONS, AggregationWorkload.METRICS);
            producer.send(new ProducerRecord<>(
                            AggregationTopics.DEFINITIONS,
                            EXPERIMENT,
                            JsonSerde.DEFINITION.serializer().serialize(AggregationTopics.DEFINITIONS, d)))
                    .get();
            List<Input> all = new ArrayList<>();
            all.add(workload.probe(0));
            all.addAll(workload.inputs());
            for (Input in : all) {
                producer.send(new ProducerRecord<>(in.topic(), in.key(), in.value()));
            }
            producer.flush();
        }
    }

    private static List<TopicPartition> inputPartitions(Admin admin) throws Exception {
        List<TopicPartition> out = new ArrayList<>();
        admin.describeTopics(Set.of(AggregationTopics.EXPERIMENTS, AggregationTopics.TELEMETRY))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .values()
                .forEach(d -> d.partitions().forEach(p -> out.add(new TopicPartition(d.name(), p.partition()))));
        return out;
    }

    private static Map<TopicPartition, Long> ends(Admin admin, List<TopicPartition> tps) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        tps.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((tp, r) -> out.put(tp, r.offset()));
        return out;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
