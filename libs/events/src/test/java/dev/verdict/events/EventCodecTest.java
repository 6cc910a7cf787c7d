package dev.verdict.events;

import static dev.verdict.events.EventFormatException.Reason.INVALID_ATTRIBUTE;
import static dev.verdict.events.EventFormatException.Reason.INVALID_DATA;
import static dev.verdict.events.EventFormatException.Reason.MALFORMED_JSON;
import static dev.verdict.events.EventFormatException.Reason.MISSING_ATTRIBUTE;
import static dev.verdict.events.EventFormatException.Reason.UNKNOWN_TYPE;
import static dev.verdict.events.EventFormatException.Reason.UNKNOWN_VERSION;
import static dev.verdict.events.EventFormatException.Reason.UNSUPPORTED_SPEC_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {

    record SampleHappened(String name, int count, Instant at, List<String> tags) {}

    record OtherHappened(String what) {}

    static final EventType<SampleHappened> SAMPLE =
            EventType.of("dev.verdict.testing.sample-happened.v1", SampleHappened.class);
    static final EventType<OtherHappened> OTHER =
            EventType.of("dev.verdict.testing.other.happened.v1", OtherHappened.class);

    final EventCodec codec = new EventCodec(EventTypeRegistry.of(SAMPLE, OTHER));
    final ObjectMapper json = new ObjectMapper();

    private VerdictEvent<SampleHappened> sample() {
        return VerdictEvent.create(
                SAMPLE,
                "catalog-service",
                "component:default/payments",
                new SampleHappened("deploy", 3, Instant.parse("2026-01-02T03:04:05.123456Z"), List.of("a", "b")));
    }

    @Test
    void roundTripKeepsEveryAttributeAndTypedData() {
        VerdictEvent<SampleHappened> event = sample();
        VerdictEvent<?> decoded = codec.decode(codec.encode(event));
        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.data()).isInstanceOf(SampleHappened.class);
        assertThat(decoded.dataAs(SAMPLE)).contains(event.data());
        assertThat(decoded.dataAs(OTHER)).isEmpty();
        assertThat(decoded.service()).isEqualTo("catalog-service");
    }

    @Test
    void wireFormatIsCloudEventsJsonStructuredModeWithJsonData() throws Exception {
        VerdictEvent<SampleHappened> event = sample();
        JsonNode wire = json.readTree(codec.encode(event));
        assertThat(wire.get("specversion").asText()).isEqualTo("1.0");
        assertThat(wire.get("id").asText()).isEqualTo(event.id().toString());
        assertThat(wire.get("source").asText()).isEqualTo("/verdict/catalog-service");
        assertThat(wire.get("type").asText()).isEqualTo(SAMPLE.name());
        assertThat(wire.get("subject").asText()).isEqualTo("component:default/payments");
        assertThat(wire.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(Instant.parse(wire.get("time").asText())).isEqualTo(event.time());
        // data is a JSON object (not base64), with ISO-8601 times
        assertThat(wire.get("data").isObject()).isTrue();
        assertThat(wire.get("data").get("at").asText()).isEqualTo("2026-01-02T03:04:05.123456Z");
        assertThat(wire.has("data_base64")).isFalse();

        // and any CloudEvents SDK reader understands it
        CloudEvent ce = new JsonFormat().deserialize(codec.encode(event));
        assertThat(ce.getId()).isEqualTo(event.id().toString());
        assertThat(ce.getType()).isEqualTo(SAMPLE.name());
    }

    @Test
    void subjectIsOptional() throws Exception {
        VerdictEvent<OtherHappened> event =
                VerdictEvent.create(OTHER, "deploy-orchestrator", null, new OtherHappened("x"));
        byte[] bytes = codec.encode(event);
        assertThat(json.readTree(bytes).has("subject")).isFalse();
        assertThat(codec.decode(bytes)).isEqualTo(event);
    }

    @Test
    void unknownExtensionAttributesAndDataFieldsAreIgnored() {
        ObjectNode wire = wire(sample());
        wire.put("traceparent", "00-abc-def-01");
        ((ObjectNode) wire.get("data")).put("addedLater", true);
        VerdictEvent<?> decoded = codec.decode(wire.toString());
        assertThat(decoded.data()).isEqualTo(sample().data());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "", "   ", "[1,2]", "\"a string\"", "42", "{\"id\": }"})
    void malformedJsonIsRejected(String payload) {
        assertRejected(payload, MALFORMED_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"specversion", "id", "source", "type", "time", "data"})
    void missingRequiredAttributeIsRejected(String attribute) {
        ObjectNode wire = wire(sample());
        wire.remove(attribute);
        EventFormatException e = assertRejected(wire.toString(), MISSING_ATTRIBUTE);
        assertThat(e.getMessage()).contains("'" + attribute + "'");
    }

    @Test
    void nullDataIsMissingData() {
        ObjectNode wire = wire(sample());
        wire.putNull("data");
        assertRejected(wire.toString(), MISSING_ATTRIBUTE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.3", "2.0", "1"})
    void otherSpecVersionsAreRejected(String version) {
        ObjectNode wire = wire(sample());
        wire.put("specversion", version);
        EventFormatException e = assertRejected(wire.toString(), UNSUPPORTED_SPEC_VERSION);
        assertThat(e.getMessage()).contains(version);
    }

    @Test
    void numericSpecVersionIsRejected() {
        ObjectNode wire = wire(sample());
        wire.put("specversion", 1.0);
        assertRejected(wire.toString(), UNSUPPORTED_SPEC_VERSION);
    }

    @Test
    void unknownTypeIsRejected() {
        ObjectNode wire = wire(sample());
        wire.put("type", "dev.verdict.catalog.entity-vanished.v1");
        EventFormatException e = assertRejected(wire.toString(), UNKNOWN_TYPE);
        assertThat(e.eventType()).isEqualTo("dev.verdict.catalog.entity-vanished.v1");
        assertThat(e.eventId()).isEqualTo(wire.get("id").asText());
    }

    @Test
    void foreignTypeIsUnknownType() {
        ObjectNode wire = wire(sample());
        wire.put("type", "com.example.order.created");
        EventFormatException e = assertRejected(wire.toString(), UNKNOWN_TYPE);
        assertThat(e.getMessage()).contains("not a Verdict event type");
    }

    @Test
    void newerVersionOfAKnownTypeIsUnknownVersion() {
        ObjectNode wire = wire(sample());
        wire.put("type", "dev.verdict.testing.sample-happened.v2");
        EventFormatException e = assertRejected(wire.toString(), UNKNOWN_VERSION);
        assertThat(e.getMessage()).contains("[1]");
    }

    @Test
    void invalidAttributesAreRejected() {
        assertInvalid(w -> w.put("id", "not-a-uuid"), INVALID_ATTRIBUTE);
        assertInvalid(w -> w.put("id", 42), INVALID_ATTRIBUTE);
        assertInvalid(w -> w.put("source", "/elsewhere/svc"), INVALID_ATTRIBUTE);
        assertInvalid(w -> w.put("source", "/verdict/Bad_Name"), INVALID_ATTRIBUTE);
        assertInvalid(w -> w.put("time", "yesterday"), INVALID_ATTRIBUTE);
        assertInvalid(w -> w.put("subject", 7), INVALID_ATTRIBUTE);
        assertInvalid(w -> w.put("subject", ""), INVALID_ATTRIBUTE);
    }

    @Test
    void dataThatDoesNotBindIsInvalidData() {
        assertInvalid(w -> ((ObjectNode) w.get("data")).put("count", "three"), INVALID_DATA);
        assertInvalid(w -> w.put("data", "just a string"), INVALID_DATA);
        assertInvalid(
                w -> {
                    w.remove("data");
                    w.put("data_base64", "e30=");
                },
                INVALID_DATA);
    }

    @Test
    void encodingAnUnregisteredTypeFails() {
        EventType<OtherHappened> unregistered =
                EventType.of("dev.verdict.testing.unregistered.v1", OtherHappened.class);
        VerdictEvent<OtherHappened> event = VerdictEvent.create(unregistered, "svc", null, new OtherHappened("x"));
        assertThatThrownBy(() -> codec.encode(event))
                .isInstanceOfSatisfying(
                        EventFormatException.class, e -> assertThat(e.reason()).isEqualTo(UNKNOWN_TYPE));
    }

    @Test
    void encodingDataOfTheWrongClassFails() {
        VerdictEvent<Object> event = new VerdictEvent<>(
                UUID.randomUUID(), "/verdict/svc", SAMPLE.name(), null, Instant.now(), new OtherHappened("x"));
        assertThatThrownBy(() -> codec.encode(event))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SampleHappened");
    }

    @Test
    void messagesAreUtf8() {
        VerdictEvent<OtherHappened> event =
                VerdictEvent.create(OTHER, "svc", "décision/42", new OtherHappened("naïve ✓"));
        String text = new String(codec.encode(event), StandardCharsets.UTF_8);
        assertThat(text).contains("naïve ✓");
        assertThat(codec.decode(text)).isEqualTo(event);
    }

    private ObjectNode wire(VerdictEvent<?> event) {
        try {
            return (ObjectNode) json.readTree(codec.encode(event));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertInvalid(Consumer<ObjectNode> change, EventFormatException.Reason reason) {
        ObjectNode wire = wire(sample());
        change.accept(wire);
        assertRejected(wire.toString(), reason);
    }

    private EventFormatException assertRejected(String payload, EventFormatException.Reason reason) {
        try {
            VerdictEvent<?> decoded = codec.decode(payload);
            throw new AssertionError("expected " + reason + " but decoded " + decoded + " from " + payload);
        } catch (EventFormatException e) {
            assertThat(e.reason())
                    .as("reason for %s (%s)", payload, e.getMessage())
                    .isEqualTo(reason);
            assertThat(e.getMessage()).startsWith(reason.name());
            return e;
        }
    }
}
