package dev.verdict.bench.publish;

import dev.verdict.bench.BenchException;
import dev.verdict.events.EventCodec;
import dev.verdict.events.VerdictEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends one event straight to Kafka with an idempotent producer ({@code acks=all}), keyed by subject, CloudEvents
 * JSON as the value and a {@code content-type} header, and waits for the broker's acknowledgement.
 *
 * <p>Why not the outbox: the outbox exists to make "change state and announce it" atomic inside a service's
 * database transaction. A one-shot CLI has no business transaction and no database; its state is the comparison
 * file, which already exists before publishing. What the outbox would add, redelivery until acknowledged, is
 * covered here by waiting for the acknowledgement and failing loudly (exit status 4) so the job or the user re-runs
 * {@code publish}; the event id is derived from the comparison's content hash, so a re-publish carries the same id
 * and the consumer's inbox stores the evidence once.
 *
 * <p>Not done yet: authentication to Kafka (SASL/OAuth with the {@code benchmark-jobs} Keycloak client). The local
 * stack's broker is PLAINTEXT; extra producer properties can be passed with {@code --kafka-property}.
 */
public final class KafkaPublisher {

    static final String CONTENT_TYPE_HEADER = "content-type";

    private KafkaPublisher() {}

    /** Where the event landed. */
    public record Delivery(String topic, int partition, long offset) {}

    public static Delivery publish(
            String bootstrapServers, String topic, VerdictEvent<?> event, Duration timeout, Properties extra) {
        byte[] value = EventCodec.platform().encode(event);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "benchmark-harness");
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(ms, 30_000));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long) ms);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        if (extra != null) {
            p.putAll(extra);
        }
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                    topic,
                    null,
                    event.subject(),
                    value,
                    List.of(new RecordHeader(
                            CONTENT_TYPE_HEADER,
                            (EventCodec.CONTENT_TYPE + "; charset=UTF-8").getBytes(StandardCharsets.UTF_8))));
            RecordMetadata md = producer.send(record).get(ms + 5_000L, TimeUnit.MILLISECONDS);
            return new Delivery(md.topic(), md.partition(), md.offset());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new BenchException(
                    BenchException.PUBLISH_FAILED,
                    "could not publish to " + topic + " at " + bootstrapServers + ": " + cause.getMessage()
                            + " (nothing was sent; run publish again)",
                    cause);
        } catch (TimeoutException e) {
            throw new BenchException(
                    BenchException.PUBLISH_FAILED,
                    "no acknowledgement from " + bootstrapServers + " within " + timeout.toSeconds()
                            + " s; run publish again (the event id is stable)",
                    e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new BenchException(
                    BenchException.PUBLISH_FAILED,
                    "could not publish to " + bootstrapServers + ": " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException(BenchException.PUBLISH_FAILED, "interrupted while publishing", e);
        }
    }
}
