package dev.verdict.runtime.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every record of a set of topics, read the way an auditor reads them: a plain consumer with no group (nothing is
 * committed, no member joins), every partition assigned from its beginning up to its end offset at the time of the
 * call, polled on the calling thread. The fault run's per-message reconciliation (launcher) and the tests' secret
 * scans over every event (libs/testing) read the broker through it.
 */
public final class TopicScan {

    private static final Duration LIMIT = Duration.ofMinutes(2);

    private TopicScan() {}

    /**
     * Hands every record of {@code topics} (null: every topic but the broker's internal {@code __*} ones) to {@code
     * visitor}. {@code committedOnly}: skip records of aborted transactions (what a consumer applies), else read
     * them too (what a scan for leaked text must see). Throws if the end offsets are not reached within 2 minutes,
     * rather than hand over part of the topics as if it were all.
     */
    public static void everyRecord(
            String bootstrapServers,
            Collection<String> topics,
            boolean committedOnly,
            Consumer<ConsumerRecord<byte[], byte[]>> visitor) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            if (topics == null) {
                consumer.listTopics(Duration.ofSeconds(30)).forEach((topic, infos) -> {
                    if (!topic.startsWith("__")) {
                        infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                    }
                });
            } else {
                for (String t : topics) {
                    List<PartitionInfo> infos = consumer.partitionsFor(t, Duration.ofSeconds(30));
                    if (infos != null) {
                        infos.forEach(i -> partitions.add(new TopicPartition(t, i.partition())));
                    }
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("could not read " + partitions.size() + " partitions to their end"
                            + " offsets within " + LIMIT);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    visitor.accept(r);
                }
            }
        }
    }
}
