package dev.verdict.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Records a consumer must park (with a reason) and move past, made from one valid event of its topic (CloudEvents
 * JSON): bytes that are not JSON, an empty value, JSON that is not an event, a cut-off event, an unknown type, an id
 * that is not a UUID, the event without its data, and its data of the wrong shape. Each has an id of its own, so
 * the inbox cannot take one for another.
 */
public final class PoisonRecords {

    /** One poison record: what it is, its value, and (after {@link #publish}) where it went. */
    public record Poison(String name, byte[] value, int partition, long offset) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private PoisonRecords() {}

    /** The poisons derived from {@code validEvent}, the encoding of an event the consumer applies. */
    public static List<Poison> from(byte[] validEvent) {
        ObjectNode valid;
        try {
            valid = (ObjectNode) JSON.readTree(validEvent);
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException("the valid event is not a JSON object", e);
        }
        List<Poison> out = new ArrayList<>();
        out.add(poison("bytes that are not JSON", new byte[] {(byte) 0xff, (byte) 0xfe, 'x', 0}));
        out.add(poison("empty value", new byte[0]));
        out.add(poison("JSON that is not an event", "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8)));
        byte[] cut = Arrays.copyOf(validEvent, validEvent.length / 2);
        out.add(poison("an event cut off half-way", cut));
        out.add(poison("an unknown event type", variant(valid, "type", "dev.verdict.nobody-knows.v9")));
        out.add(poison("an id that is not a UUID", variant(valid, "id", "not-a-uuid")));
        ObjectNode noData = valid.deepCopy();
        noData.put("id", UUID.randomUUID().toString());
        noData.remove("data");
        out.add(poison("the event without its data", bytes(noData)));
        ObjectNode wrongData = valid.deepCopy();
        wrongData.put("id", UUID.randomUUID().toString());
        wrongData.set("data", JSON.createArrayNode().add(1).add("two"));
        out.add(poison("data of the wrong shape", bytes(wrongData)));
        return out;
    }

    /** Sends the poisons with {@code key} and returns them with their offsets. */
    public static List<Poison> publish(String bootstrapServers, String topic, String key, List<Poison> poisons) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        List<Poison> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (Poison poison : poisons) {
                var meta = producer.send(new ProducerRecord<>(topic, key, poison.value()))
                        .get();
                sent.add(new Poison(poison.name(), poison.value(), meta.partition(), meta.offset()));
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("publishing poison records to " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return sent;
    }

    private static byte[] variant(ObjectNode valid, String field, String value) {
        ObjectNode copy = valid.deepCopy();
        copy.put("id", UUID.randomUUID().toString());
        copy.put(field, value);
        return bytes(copy);
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Poison poison(String name, byte[] value) {
        return new Poison(name, value, -1, -1);
    }
}
