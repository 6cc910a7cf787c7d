package dev.verdict.deploy.experiment.aggregate;

import static dev.verdict.deploy.experiment.aggregate.Wire.readBytes;
import static dev.verdict.deploy.experiment.aggregate.Wire.readInstant;
import static dev.verdict.deploy.experiment.aggregate.Wire.readString;
import static dev.verdict.deploy.experiment.aggregate.Wire.writeBytes;
import static dev.verdict.deploy.experiment.aggregate.Wire.writeInstant;
import static dev.verdict.deploy.experiment.aggregate.Wire.writeString;

import dev.verdict.deploy.experiment.aggregate.Classifier.ToParked;
import dev.verdict.deploy.experiment.aggregate.Classifier.ToUnit;
import dev.verdict.events.EventCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;

/**
 * An exposure or a metric observation on its way to its unit's task, decoded once by the {@link Classifier}: the
 * per-unit stage reads these fields, never the CloudEvent again. Either passed in memory (the input was already
 * keyed and partitioned by its unit) or through the {@link AggregationTopics#BY_UNIT} repartition topic.
 *
 * @param topic      the input topic
 * @param rawKey     the input record's key (may be null)
 * @param id         the CloudEvent id
 * @param type       the CloudEvent type
 * @param time       the CloudEvent time
 * @param experiment an exposure's experiment; null for an observation
 * @param phase      an exposure's phase
 * @param variation  an exposure's variation index
 * @param metric     an observation's metric; null for an exposure
 * @param value      an observation's value
 * @param at         when it happened (the event's {@code at})
 * @param payload    an exposure's original bytes, so the per-unit stage can park it as it arrived; null for an
 *                   observation, which that stage never parks
 * @param parked     set instead of the fields above only when an older release's record (the raw CloudEvent) no
 *                   longer decodes: the per-unit stage parks it
 */
record UnitEvent(
        String topic,
        String rawKey,
        UUID id,
        String type,
        Instant time,
        String experiment,
        int phase,
        int variation,
        String metric,
        double value,
        Instant at,
        byte[] payload,
        Parked parked) {

    /** Version 1 carried the raw CloudEvent; version 2 its decoded fields. */
    private static final byte RAW = 1;

    private static final byte DECODED = 2;

    static final Serde<UnitEvent> SERDE = Wire.serde(DECODED, UnitEvent::write, UnitEvent::read, null);

    static UnitEvent exposure(
            String topic,
            String rawKey,
            UUID id,
            String type,
            Instant time,
            String experiment,
            int phase,
            int variation,
            Instant at,
            byte[] payload) {
        return new UnitEvent(topic, rawKey, id, type, time, experiment, phase, variation, null, 0, at, payload, null);
    }

    static UnitEvent observation(
            String topic, String rawKey, UUID id, String type, Instant time, String metric, double value, Instant at) {
        return new UnitEvent(topic, rawKey, id, type, time, null, 0, 0, metric, value, at, null, null);
    }

    boolean isExposure() {
        return experiment != null;
    }

    private static void write(UnitEvent e, DataOutputStream out) throws IOException {
        if (e.parked != null) {
            throw new IllegalStateException("a parked unit event is never re-sent");
        }
        writeString(out, e.topic);
        writeString(out, e.rawKey);
        out.writeLong(e.id.getMostSignificantBits());
        out.writeLong(e.id.getLeastSignificantBits());
        writeString(out, e.type);
        writeInstant(out, e.time);
        writeInstant(out, e.at);
        out.writeBoolean(e.isExposure());
        if (e.isExposure()) {
            writeString(out, e.experiment);
            out.writeInt(e.phase);
            out.writeInt(e.variation);
            writeBytes(out, e.payload);
        } else {
            writeString(out, e.metric);
            out.writeDouble(e.value);
        }
    }

    private static UnitEvent read(byte version, DataInputStream in) throws IOException {
        if (version == RAW) {
            String topic = readString(in);
            String rawKey = readString(in);
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            return fromRaw(topic, rawKey, payload);
        }
        if (version != DECODED) {
            throw Wire.unknownVersion("unit event", version);
        }
        String topic = readString(in);
        String rawKey = readString(in);
        UUID id = new UUID(in.readLong(), in.readLong());
        String type = readString(in);
        Instant time = readInstant(in);
        Instant at = readInstant(in);
        if (in.readBoolean()) {
            return exposure(
                    topic, rawKey, id, type, time, readString(in), in.readInt(), in.readInt(), at, readBytes(in));
        }
        return observation(topic, rawKey, id, type, time, readString(in), in.readDouble(), at);
    }

    /** A record an older release put on the by-unit topic: classified now, as it would be on arrival. */
    private static UnitEvent fromRaw(String topic, String rawKey, byte[] payload) {
        Classifier.Route route = new Classifier(EventCodec.platform(), AggregationTopics.PARTITIONS)
                .classify(topic, -1, rawKey, payload);
        if (route instanceof ToUnit u) {
            return u.event();
        }
        Parked parked = route instanceof ToParked p
                ? p.parked()
                : new Parked(null, topic, rawKey, null, ParkReason.INVALID, "not an exposure or observation", payload);
        return new UnitEvent(topic, rawKey, null, null, null, null, 0, 0, null, 0, null, payload, parked);
    }
}
