package dev.verdict.launcher.soak;

import dev.verdict.launcher.load.Api;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Calls at fixed rates, whatever the answers take (open loop): each call is due at {@code start + n × period} and its
 * latency is counted from when it was due, so a stalled service shows as latency instead of as fewer calls
 * (coordinated omission). Latencies go into one histogram per service and minute.
 */
final class OpenLoop implements AutoCloseable {

    /** One kind of call: its service, a name, how many per second, and the call itself. */
    record Op(String service, String name, double perSecond, Supplier<Api.Reply> call) {}

    /** A minute's histogram tops out at a minute; a slower answer is recorded as a minute. */
    static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(1);

    private final long start = System.nanoTime();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(daemons("soak-tick"));
    private final ExecutorService workers = Executors.newFixedThreadPool(48, daemons("soak-call"));
    private final Map<String, List<Histogram>> perMinute = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;

    void start(List<Op> ops) {
        for (Op op : ops) {
            long period = (long) (TimeUnit.SECONDS.toNanos(1) / op.perSecond());
            AtomicLong n = new AtomicLong();
            long first = start + period / 2;
            ticks.scheduleAtFixedRate(
                    () -> {
                        // every call whose time has come, so a late tick does not drop calls
                        long due;
                        while (running && (due = first + n.get() * period) - System.nanoTime() <= 0) {
                            n.incrementAndGet();
                            long at = due;
                            workers.execute(() -> call(op, at));
                        }
                    },
                    period / 2,
                    Math.min(period, TimeUnit.MILLISECONDS.toNanos(20)),
                    TimeUnit.NANOSECONDS);
        }
    }

    private void call(Op op, long due) {
        Api.Reply r;
        try {
            r = op.call().get();
        } catch (RuntimeException e) {
            r = new Api.Reply(0, e.toString());
        }
        record(op.service(), op.name(), r.status(), r.body(), due, System.nanoTime());
    }

    /** A call of {@code service} that was due at {@code due} (nanoTime) and ended at {@code end}. */
    void record(String service, String name, int status, String body, long due, long end) {
        if (!running) {
            return; // answers to calls made before close are not part of the measured minutes
        }
        int minute = (int) TimeUnit.NANOSECONDS.toMinutes(due - start);
        Histogram h = histogram(service, minute);
        long micros = Math.max(1, Math.min(MAX_MICROS, TimeUnit.NANOSECONDS.toMicros(end - due)));
        synchronized (h) {
            h.recordValue(micros);
        }
        calls.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
        if (status < 200 || status >= 300) {
            errors.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
            if (firstErrors.size() < 10) {
                String b = body == null ? "" : body;
                firstErrors.add(String.format(
                        "%s at +%ds: HTTP %d %s",
                        name,
                        TimeUnit.NANOSECONDS.toSeconds(due - start),
                        status,
                        b.substring(0, Math.min(160, b.length())).replace('\n', ' ')));
            }
        }
    }

    private Histogram histogram(String service, int minute) {
        List<Histogram> list = perMinute.computeIfAbsent(service, k -> Collections.synchronizedList(new ArrayList<>()));
        synchronized (list) {
            while (list.size() <= minute) {
                list.add(new Histogram(MAX_MICROS, 3));
            }
            return list.get(minute);
        }
    }

    long elapsedNanos() {
        return System.nanoTime() - start;
    }

    /** Per service, one histogram (microseconds) per minute since the start; copies. */
    Map<String, List<Histogram>> latencies() {
        Map<String, List<Histogram>> out = new java.util.TreeMap<>();
        perMinute.forEach((service, list) -> {
            List<Histogram> copy = new ArrayList<>();
            synchronized (list) {
                for (Histogram h : list) {
                    synchronized (h) {
                        copy.add(h.copy());
                    }
                }
            }
            out.put(service, copy);
        });
        return out;
    }

    Map<String, Long> calls() {
        Map<String, Long> out = new java.util.TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    Map<String, Long> errors() {
        Map<String, Long> out = new java.util.TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    List<String> firstErrors() {
        return List.copyOf(firstErrors);
    }

    @Override
    public void close() {
        running = false;
        ticks.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemons(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
