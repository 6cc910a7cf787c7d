package dev.verdict.plugin.process.router;

import dev.verdict.plugin.Scope;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The router's records per scope and per interval of fixed length, aligned to the epoch so that every scope's
 * intervals line up. Recording is lock-free per interval but for the histogram (one short synchronized add); only
 * the newest {@code keep} intervals are kept.
 */
public final class RouterRecords {

    /** Latencies up to one hour, three significant digits. */
    private static final long MAX_MICROS = 3_600_000_000L;

    private final Duration interval;
    private final int keep;
    private final Clock clock;
    private final Map<Scope, ConcurrentSkipListMap<Long, Bucket>> byScope = new ConcurrentHashMap<>();

    public RouterRecords(Duration interval, int keep, Clock clock) {
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("the interval must be at least 1 ms, not " + interval);
        }
        this.interval = interval;
        this.keep = keep;
        this.clock = clock;
    }

    public Duration interval() {
        return interval;
    }

    /** One request of {@code scope} that ended now with {@code status} after {@code micros}. */
    public void record(Scope scope, int status, long micros) {
        long index = clock.millis() / interval.toMillis();
        ConcurrentSkipListMap<Long, Bucket> buckets =
                byScope.computeIfAbsent(scope, s -> new ConcurrentSkipListMap<>());
        Bucket b = buckets.get(index);
        if (b == null) {
            b = buckets.computeIfAbsent(index, i -> new Bucket());
            // trimmed only when an interval starts: a skip list's size() walks every entry
            long oldest = index - keep + 1;
            buckets.headMap(oldest).clear();
            // an interval two back takes no more requests: its histogram is kept compressed (a full one is 189 KB,
            // so a day of 10 s intervals per scope ran a 256 MB heap out of memory)
            Bucket closed = buckets.get(index - 2);
            if (closed != null) {
                closed.compact();
            }
        }
        b.add(status, Math.max(0, Math.min(micros, MAX_MICROS)));
    }

    /**
     * CPU time the instances of {@code scope} used, added to the interval that holds {@code at} (the sampler passes
     * the middle of the interval the time was measured over).
     */
    public void recordCpu(Scope scope, Instant at, long cpuNanos) {
        long index = Math.floorDiv(at.toEpochMilli(), interval.toMillis());
        byScope.computeIfAbsent(scope, s -> new ConcurrentSkipListMap<>())
                .computeIfAbsent(index, i -> new Bucket())
                .cpu
                .add(cpuNanos);
    }

    /**
     * The intervals of {@code scope} that lie inside {@code [start, end)}, oldest first; an interval without requests
     * is there with zero counts, so a series has one point per interval.
     */
    public List<IntervalRecord> window(Scope scope, Instant start, Instant end) {
        long ms = interval.toMillis();
        long first = Math.floorDiv(start.toEpochMilli() + ms - 1, ms);
        long last = Math.floorDiv(end.toEpochMilli(), ms); // exclusive
        ConcurrentSkipListMap<Long, Bucket> buckets = byScope.getOrDefault(scope, new ConcurrentSkipListMap<>());
        List<IntervalRecord> out = new ArrayList<>();
        for (long i = first; i < last; i++) {
            Bucket b = buckets.get(i);
            out.add(
                    b == null
                            ? empty(scope, i)
                            : b.snapshot(scope, Instant.ofEpochMilli(i * ms), Instant.ofEpochMilli((i + 1) * ms)));
        }
        return out;
    }

    private IntervalRecord empty(Scope scope, long i) {
        long ms = interval.toMillis();
        return new IntervalRecord(
                scope,
                Instant.ofEpochMilli(i * ms),
                Instant.ofEpochMilli((i + 1) * ms),
                0,
                0,
                0,
                0,
                0,
                new Histogram(MAX_MICROS, 3),
                0);
    }

    /** How many of {@code scope}'s intervals hold their histogram compressed (for tests). */
    int compactedIntervals(Scope scope) {
        return (int) byScope.getOrDefault(scope, new ConcurrentSkipListMap<>()).values().stream()
                .filter(b -> b.compressed != null)
                .count();
    }

    private static final class Bucket {
        private final LongAdder[] status = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
        private final LongAdder cpu = new LongAdder();
        private final Object lock = new Object();
        /** Null once compacted; then {@link #compressed} holds it. Both guarded by {@link #lock}. */
        private Histogram latency = new Histogram(MAX_MICROS, 3);

        private byte[] compressed;

        void add(int code, long micros) {
            int cls = code >= 500 || code < 200 ? 3 : code >= 400 ? 2 : code >= 300 ? 1 : 0;
            status[cls].increment();
            synchronized (lock) {
                if (latency == null) { // a request that ended just as its interval was compacted
                    latency = decode(compressed);
                    compressed = null;
                }
                latency.recordValue(micros);
            }
        }

        void compact() {
            synchronized (lock) {
                if (latency == null) {
                    return;
                }
                ByteBuffer buffer = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
                int length = latency.encodeIntoCompressedByteBuffer(buffer);
                compressed = Arrays.copyOf(buffer.array(), length);
                latency = null;
            }
        }

        private static Histogram decode(byte[] bytes) {
            try {
                return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), MAX_MICROS);
            } catch (DataFormatException e) {
                throw new IllegalStateException("a compacted interval does not decode", e); // we wrote it
            }
        }

        IntervalRecord snapshot(Scope scope, Instant start, Instant end) {
            Histogram h;
            synchronized (lock) {
                h = latency != null ? latency.copy() : decode(compressed);
            }
            long s2 = status[0].sum();
            long s3 = status[1].sum();
            long s4 = status[2].sum();
            long s5 = status[3].sum();
            return new IntervalRecord(scope, start, end, s2 + s3 + s4 + s5, s2, s3, s4, s5, h, cpu.sum());
        }
    }
}
