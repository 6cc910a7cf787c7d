package dev.verdict.deploy.experiment.aggregate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * An exposure or a metric observation on its way to its unit's task, through the {@link AggregationTopics#BY_UNIT}
 * repartition topic. Carries the original bytes (the platform's wire format, decoded again on the other side rather
 * than inventing a second format) and where they came from, so a later rejection can still park the original.
 *
 * @param topic   the input topic
 * @param rawKey  the input record's key (may be null)
 * @param payload the input record's value, a CloudEvents JSON event
 */
record UnitEvent(String topic, String rawKey, byte[] payload) {

    private static final byte VERSION = 1;

    static final Serde<UnitEvent> SERDE = Serdes.serdeFrom(
            (topic, e) -> e == null ? null : e.toBytes(), (topic, bytes) -> bytes == null ? null : fromBytes(bytes));

    byte[] toBytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(payload.length + 64);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(VERSION);
            writeString(out, topic);
            writeString(out, rawKey);
            out.writeInt(payload.length);
            out.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return buffer.toByteArray();
    }

    static UnitEvent fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("unit event version " + version + " is not " + VERSION);
            }
            String topic = readString(in);
            String rawKey = readString(in);
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            return new UnitEvent(topic, rawKey, payload);
        } catch (IOException e) {
            throw new SerializationException("truncated unit event", e);
        }
    }

    /** A string as its UTF-8 length (-1 for null) and bytes; unlike writeUTF, not limited to 64 KB. */
    static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
