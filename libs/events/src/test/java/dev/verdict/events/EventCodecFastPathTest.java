package dev.verdict.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The one-pass decode must agree with the full decode through the SDK on every payload: the same event when both
 * accept it, and where the fast path declines, {@code decode} gives exactly what the full path gives (event or error).
 */
class EventCodecFastPathTest {

    record Sample(String name, int count, Instant at, List<String> tags, Map<String, Double> values, Double ratio) {}

    static final EventType<Sample> SAMPLE = EventType.of("dev.verdict.testing.sample-happened.v1", Sample.class);

    final EventCodec codec = new EventCodec(EventTypeRegistry.of(SAMPLE));
    final ObjectMapper json = new ObjectMapper();
    final JsonNodeFactory nodes = JsonNodeFactory.instance;

    private VerdictEvent<Sample> sample(String subject) {
        return VerdictEvent.create(
                SAMPLE,
                "catalog-service",
                subject,
                new Sample(
                        "déploy ✓",
                        3,
                        Instant.parse("2026-01-02T03:04:05.123456Z"),
                        List.of("a", "b"),
                        Map.of("p99", 0.1, "n", 1e300),
                        0.9333333333333333));
    }

    @Test
    void whatProducersWriteTakesTheFastPathWithTheSameResult() {
        for (VerdictEvent<Sample> e : List.of(sample("component:default/x"), sample(null))) {
            byte[] wire = codec.encode(e);
            VerdictEvent<?> fast = codec.decodeFast(wire);
            assertThat(fast).isNotNull().isEqualTo(e).isEqualTo(codec.decodeFull(wire));
        }
    }

    @Test
    void everySingleAttributeChangeGivesWhatTheFullPathGives() throws Exception {
        ObjectNode base = (ObjectNode) json.readTree(codec.encode(sample("component:default/x")));
        List<JsonNode> values = List.of(
                nodes.nullNode(),
                nodes.numberNode(42),
                nodes.numberNode(1.0),
                nodes.booleanNode(true),
                nodes.textNode(""),
                nodes.textNode(" "),
                nodes.textNode("x"),
                nodes.textNode("1.0"),
                nodes.textNode("0.3"),
                nodes.textNode("application/json"),
                nodes.textNode("text/plain"),
                nodes.textNode("application/json; charset=utf-8"),
                nodes.textNode("/verdict/other-service"),
                nodes.textNode("/verdict/Bad"),
                nodes.textNode("http://x y"),
                nodes.textNode("2026-01-02T03:04:05Z"),
                nodes.textNode("2026-01-02T03:04:05+02:00"),
                nodes.textNode("2026-01-02 03:04:05"),
                nodes.textNode("e30="),
                nodes.textNode("0f3e6a52-2b6c-4a37-9a55-2f1e1d3c9b7a"),
                nodes.textNode("0F3E6A52-2B6C-4A37-9A55-2F1E1D3C9B7A"),
                nodes.textNode(SAMPLE.name()),
                nodes.textNode("dev.verdict.testing.sample-happened.v2"),
                nodes.objectNode(),
                nodes.arrayNode(),
                base.get("data"));
        int checked = 0;
        for (String name : List.of(
                "specversion",
                "id",
                "source",
                "type",
                "time",
                "subject",
                "datacontenttype",
                "data",
                "data_base64",
                "dataschema",
                "traceparent")) {
            checkSame(w -> w.remove(name), base);
            for (JsonNode v : values) {
                checkSame(w -> w.set(name, v), base);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(250);
    }

    @Test
    void dataChangesGiveWhatTheFullPathGives() throws Exception {
        ObjectNode base = (ObjectNode) json.readTree(codec.encode(sample("s")));
        List<Consumer<ObjectNode>> changes = List.of(
                d -> d.put("count", "3"),
                d -> d.put("count", "three"),
                d -> d.put("count", 3.0),
                d -> d.put("count", 3.5),
                d -> d.put("count", 1e12),
                d -> d.putNull("count"),
                d -> d.remove("count"),
                d -> d.put("at", "yesterday"),
                d -> d.put("at", 1700000000),
                d -> d.put("ratio", "0.5"),
                d -> d.putArray("tags").add(1).add(true),
                d -> d.put("tags", "a"),
                d -> d.put("extra", true),
                d -> d.putObject("values").put("k", "v"),
                d -> d.put("ratio", new java.math.BigDecimal("1e400")));
        for (Consumer<ObjectNode> c : changes) {
            checkSame(w -> c.accept((ObjectNode) w.get("data")), base);
        }
    }

    @Test
    void orderDuplicatesAndRawTextGiveWhatTheFullPathGives() throws Exception {
        byte[] good = codec.encode(sample("s"));
        String text = new String(good, StandardCharsets.UTF_8);
        ObjectNode base = (ObjectNode) json.readTree(good);
        // data before type: full path
        ObjectNode reordered = nodes.objectNode();
        reordered.set("data", base.get("data"));
        for (Iterator<Map.Entry<String, JsonNode>> it = base.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            reordered.set(f.getKey(), f.getValue());
        }
        List<String> payloads = new ArrayList<>(List.of(
                reordered.toString(),
                text + "trailing",
                text + "{}",
                text.replace("\"id\":", "\"id\":\"dup\",\"id\":"),
                text.replace("\"name\":", "\"name\":\"first\",\"name\":"),
                text.substring(0, text.length() / 2),
                "",
                "[]",
                "{}",
                "null",
                "{\"data\":{}}"));
        for (String p : payloads) {
            checkSame(p.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(codec.decodeFast(reordered.toString().getBytes(StandardCharsets.UTF_8)))
                .isNull();
    }

    private void checkSame(Consumer<ObjectNode> change, ObjectNode base) {
        ObjectNode w = base.deepCopy();
        change.accept(w);
        checkSame(w.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void checkSame(byte[] payload) {
        String shown = new String(payload, StandardCharsets.UTF_8);
        Object full = outcome(() -> codec.decodeFull(payload));
        Object viaDecode = outcome(() -> codec.decode(payload));
        assertThat(viaDecode).as("decode of %s", shown).isEqualTo(full);
        VerdictEvent<?> fast = codec.decodeFast(payload);
        if (fast != null) {
            assertThat(fast).as("fast path of %s", shown).isEqualTo(full);
        }
    }

    /** The event, or the error as reason + message + id + type. */
    private static Object outcome(java.util.function.Supplier<VerdictEvent<?>> decode) {
        try {
            return decode.get();
        } catch (EventFormatException e) {
            return e.reason() + "|" + e.getMessage() + "|" + e.eventId() + "|" + e.eventType();
        }
    }
}
