package dev.verdict.decisions.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time by component during a benchmark window, from /proc (Linux): the threads of this JVM grouped by what they
 * are (the service's evidence consumers, the in-process Kafka broker, Kafka clients, JIT, GC, the rest) and the
 * PostgreSQL server (postmaster, its live backends and the ones that exited). Tick resolution (10 ms) is plenty over
 * a window of seconds. What the machine's other processes take is not in it: that is why it is measured.
 */
final class CpuMeter {

    private final int postmaster;

    CpuMeter(int postgresBackendPid) {
        this.postmaster = (int) field(Path.of("/proc/" + postgresBackendPid + "/stat"), 1);
    }

    /** Ticks (1/100 s) per group at this moment. */
    Map<String, Long> snapshot() {
        Map<String, Long> t = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    t.merge(group(name), ticks(stat), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        long pg = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String n = p.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    int pid = Integer.parseInt(n);
                    if (pid == postmaster) {
                        // its own time and that of its children that exited (waited for)
                        pg += Long.parseLong(f[11])
                                + Long.parseLong(f[12])
                                + Long.parseLong(f[13])
                                + Long.parseLong(f[14]);
                    } else if (Integer.parseInt(f[1]) == postmaster) {
                        pg += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        t.put("postgresql", pg);
        return t;
    }

    /** Microseconds of CPU per event by group between two snapshots, largest first, and the total. */
    static Map<String, Double> perEvent(Map<String, Long> before, Map<String, Long> after, long events) {
        Map<String, Double> out = new LinkedHashMap<>();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0L)) * 1e4 / events))
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        out.put("total", out.values().stream().mapToDouble(Double::doubleValue).sum());
        return out;
    }

    private static String group(String thread) {
        if (thread.startsWith("evidence-consum")) {
            return "service: evidence consumers";
        }
        if (thread.startsWith("verdict-outbox") || thread.startsWith("verdict-kafka")) {
            return "service: outbox relay";
        }
        if (thread.startsWith("kafka-producer")
                || thread.startsWith("kafka-coordinat")
                || thread.startsWith("consumer_backg")
                || thread.startsWith("kafka-consumer")) {
            return "kafka clients (bench producer, relay)";
        }
        if (thread.startsWith("data-plane")
                || thread.startsWith("kafka-")
                || thread.startsWith("broker")
                || thread.startsWith("quorum")
                || thread.startsWith("raft")
                || thread.startsWith("group-coord")
                || thread.startsWith("Expiration")
                || thread.startsWith("ReplicaFetch")
                || thread.startsWith("LogDir")
                || thread.startsWith("controller")
                || thread.startsWith("share-coord")
                || thread.startsWith("persister")
                || thread.startsWith("transaction")
                || thread.startsWith("executor-")) {
            return "kafka broker";
        }
        if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler") || thread.startsWith("Sweeper")) {
            return "jvm: JIT";
        }
        if (thread.startsWith("VM Thread") || thread.startsWith("GC ") || thread.contains("GC")) {
            return "jvm: GC";
        }
        return "jvm: other (test, HTTP, timers)";
    }

    private static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long field(Path stat, int index) {
        try {
            String s = Files.readString(stat);
            return Long.parseLong(s.substring(s.lastIndexOf(')') + 2).split(" ")[index]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
