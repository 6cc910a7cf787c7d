package dev.verdict.deploy.experiment.aggregate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The small binary form of the topology's own records (stores, changelogs, repartition topics), shared by their
 * serdes. Binary because Jackson with {@code java.time} was a fifth of the stream thread (docs/performance.md). Each
 * form starts with a version byte below {@code '{'}, so a reader can still take a record an older release wrote as
 * JSON (a changelog or repartition topic outlives an upgrade).
 */
final class Wire {

    /** Writes one record's fields after its version byte. */
    interface Writer<T> {
        void write(T value, DataOutputStream out) throws IOException;
    }

    /** Reads one record's fields after its version byte. */
    interface Reader<T> {
        T read(byte version, DataInputStream in) throws IOException;
    }

    private Wire() {}

    /**
     * @param version  written first; readers get it back
     * @param json     the record's class when an older release wrote it as JSON ({@link JsonSerde}), else null
     */
    static <T> Serde<T> serde(byte version, Writer<T> writer, Reader<T> reader, Class<T> json) {
        return Serdes.serdeFrom(
                (topic, value) -> value == null ? null : toBytes(version, value, writer),
                (topic, bytes) -> bytes == null ? null : fromBytes(bytes, reader, json));
    }

    static <T> byte[] toBytes(byte version, T value, Writer<T> writer) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(version);
            writer.write(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return buffer.toByteArray();
    }

    static <T> T fromBytes(byte[] bytes, Reader<T> reader, Class<T> json) {
        if (bytes.length > 0 && bytes[0] == '{' && json != null) {
            try {
                return JsonSerde.MAPPER.readValue(bytes, json);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + json.getSimpleName() + " (JSON)", e);
            }
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return reader.read(in.readByte(), in);
        } catch (IOException e) {
            throw new SerializationException("truncated record", e);
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

    static void writeInstant(DataOutputStream out, Instant at) throws IOException {
        out.writeBoolean(at != null);
        if (at != null) {
            out.writeLong(at.getEpochSecond());
            out.writeInt(at.getNano());
        }
    }

    static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }

    static SerializationException unknownVersion(String what, byte version) {
        return new SerializationException(what + " version " + version + " is not one this release reads");
    }
}
