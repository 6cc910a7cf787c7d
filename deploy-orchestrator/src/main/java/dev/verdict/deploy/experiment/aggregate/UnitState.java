package dev.verdict.deploy.experiment.aggregate;

import static dev.verdict.deploy.experiment.aggregate.Wire.readString;
import static dev.verdict.deploy.experiment.aggregate.Wire.writeString;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One unit's state in {@link AggregationTopics#UNIT_STATE_STORE}: its first exposure per (experiment, phase), its
 * running {@code x}/{@code y} per (experiment, phase, metric), and the ids of its recent metric events. Mutable, and
 * only ever touched by the task that owns the unit. Stored in a small binary form because a unit is rewritten (and
 * its changelog record sent) on every event it takes; insertion order is kept so the same history gives the same
 * bytes.
 */
final class UnitState {

    /** (experiment, phase): where a first exposure is kept. */
    record PhaseKey(String experiment, int phase) {}

    /** (experiment, phase, metric): where a unit's totals for one metric are kept. */
    record MetricKey(String experiment, int phase, String metric) {}

    record Exposure(int variation, Instant at) {}

    /**
     * A unit's totals for one metric in one phase. Before the unit's exposure only {@code x} grows (observations held
     * as pre-period); an entry present for an exposed unit means the metric was counted at its exposure.
     */
    record Totals(double x, double y) {
        static final Totals ZERO = new Totals(0, 0);
    }

    /** An observation held until the unit's exposure, with its time, so the exposure can tell before from after. */
    record Held(Instant at, double value) {}

    /**
     * Held observations kept per metric with their times; beyond this the oldest is folded into {@code x} (an
     * observation that old is pre-period in all but pathological orders), so a unit that never gets exposed cannot
     * grow without bound.
     */
    static final int HOLD_LIMIT = 256;

    private static final byte VERSION = 2;

    static final Serde<UnitState> SERDE = Serdes.serdeFrom(
            (topic, s) -> s == null ? null : s.toBytes(), (topic, bytes) -> bytes == null ? null : fromBytes(bytes));

    final Map<PhaseKey, Exposure> exposures = new LinkedHashMap<>();
    final Map<MetricKey, Totals> totals = new LinkedHashMap<>();
    final Map<MetricKey, List<Held>> held = new LinkedHashMap<>();
    private final LinkedHashSet<UUID> seen = new LinkedHashSet<>();

    /** Holds an observation of a unit not exposed yet; folds the oldest into {@code x} past {@link #HOLD_LIMIT}. */
    void hold(MetricKey key, Instant at, double value) {
        List<Held> list = held.computeIfAbsent(key, k -> new ArrayList<>());
        list.add(new Held(at, value));
        if (list.size() > HOLD_LIMIT) {
            Held oldest = list.stream().min(Comparator.comparing(Held::at)).orElseThrow();
            list.remove(oldest);
            Totals t = totals.getOrDefault(key, Totals.ZERO);
            totals.put(key, new Totals(t.x() + oldest.value(), 0));
        }
    }

    /** The held observations of {@code key}, removed (the exposure has come). */
    List<Held> release(MetricKey key) {
        List<Held> list = held.remove(key);
        return list == null ? List.of() : list;
    }

    boolean seen(UUID eventId) {
        return seen.contains(eventId);
    }

    /** Remembers an event id, forgetting the oldest beyond {@code window} (a redelivery older than that counts again). */
    void remember(UUID eventId, int window) {
        seen.add(eventId);
        Iterator<UUID> oldest = seen.iterator();
        while (seen.size() > window) {
            oldest.next();
            oldest.remove();
        }
    }

    int seenCount() {
        return seen.size();
    }

    byte[] toBytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 + 40 * totals.size() + 16 * seen.size());
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(VERSION);
            out.writeInt(exposures.size());
            for (Map.Entry<PhaseKey, Exposure> e : exposures.entrySet()) {
                writeString(out, e.getKey().experiment());
                out.writeInt(e.getKey().phase());
                out.writeInt(e.getValue().variation());
                out.writeLong(e.getValue().at().getEpochSecond());
                out.writeInt(e.getValue().at().getNano());
            }
            out.writeInt(totals.size());
            for (Map.Entry<MetricKey, Totals> e : totals.entrySet()) {
                writeString(out, e.getKey().experiment());
                out.writeInt(e.getKey().phase());
                writeString(out, e.getKey().metric());
                out.writeDouble(e.getValue().x());
                out.writeDouble(e.getValue().y());
            }
            out.writeInt(held.size());
            for (Map.Entry<MetricKey, List<Held>> e : held.entrySet()) {
                writeString(out, e.getKey().experiment());
                out.writeInt(e.getKey().phase());
                writeString(out, e.getKey().metric());
                out.writeInt(e.getValue().size());
                for (Held h : e.getValue()) {
                    out.writeLong(h.at().getEpochSecond());
                    out.writeInt(h.at().getNano());
                    out.writeDouble(h.value());
                }
            }
            out.writeInt(seen.size());
            for (UUID id : seen) {
                out.writeLong(id.getMostSignificantBits());
                out.writeLong(id.getLeastSignificantBits());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return buffer.toByteArray();
    }

    static UnitState fromBytes(byte[] bytes) {
        UnitState s = new UnitState();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != 1 && version != VERSION) {
                throw new SerializationException("unit state version " + version + " is not 1 or " + VERSION);
            }
            for (int i = in.readInt(); i > 0; i--) {
                PhaseKey key = new PhaseKey(readString(in), in.readInt());
                int variation = in.readInt();
                s.exposures.put(key, new Exposure(variation, Instant.ofEpochSecond(in.readLong(), in.readInt())));
            }
            for (int i = in.readInt(); i > 0; i--) {
                MetricKey key = new MetricKey(readString(in), in.readInt(), readString(in));
                s.totals.put(key, new Totals(in.readDouble(), in.readDouble()));
            }
            if (version >= 2) { // version 1 folded held observations into x on arrival
                for (int i = in.readInt(); i > 0; i--) {
                    MetricKey key = new MetricKey(readString(in), in.readInt(), readString(in));
                    List<Held> list = new ArrayList<>();
                    for (int j = in.readInt(); j > 0; j--) {
                        list.add(new Held(Instant.ofEpochSecond(in.readLong(), in.readInt()), in.readDouble()));
                    }
                    s.held.put(key, list);
                }
            }
            for (int i = in.readInt(); i > 0; i--) {
                s.seen.add(new UUID(in.readLong(), in.readLong()));
            }
        } catch (IOException e) {
            throw new SerializationException("truncated unit state", e);
        }
        return s;
    }
}
