package dev.verdict.launcher.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Every few seconds: each component's resident memory (the process's VmRSS; for PostgreSQL, whose runner starts a
 * postmaster and its backends, and Keycloak, whose pid is the {@code kc.sh} shell of its JVM, the proportional
 * share (Pss) of the whole process tree, so shared pages count once), the machine's 1-minute load average, and how busy the CPUs were and how much of that the stack's own
 * processes took, from {@code /proc}.
 */
final class Sampler implements AutoCloseable {

    /** One sample: seconds since the start, RSS in KiB per component, load average, CPU busy and the stack's share. */
    record Sample(double atSeconds, Map<String, Long> rssKib, double load1, double cpuBusy, double stackShare) {}

    static final String POSTGRES = "postgres";

    /** Components whose memory is their process tree's, not their pid's. */
    static final java.util.Set<String> TREES = java.util.Set.of(POSTGRES, "keycloak");

    private final List<String> components;
    private final Function<String, OptionalLong> pids;
    private final long start = System.nanoTime();
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-sampler");
        t.setDaemon(true);
        return t;
    });
    private long lastTotal = -1;
    private long lastIdle;
    private long lastStack;

    Sampler(List<String> components, Function<String, OptionalLong> pids) {
        this.components = List.copyOf(components);
        this.pids = pids;
    }

    void start(long everySeconds) {
        timer.scheduleAtFixedRate(this::sample, 0, everySeconds, TimeUnit.SECONDS);
    }

    private void sample() {
        Map<String, Long> rss = new LinkedHashMap<>();
        long stackTicks = 0;
        for (String c : components) {
            OptionalLong pid = pids.apply(c);
            if (pid.isEmpty()) {
                continue;
            }
            List<Long> tree = tree(pid.getAsLong());
            rss.put(
                    c,
                    TREES.contains(c) ? tree.stream().mapToLong(Sampler::pssKib).sum() : rssKib(pid.getAsLong()));
            for (long p : tree) {
                stackTicks += cpuTicks(p);
            }
        }
        long[] cpu = machineCpu();
        double busy = Double.NaN;
        double share = Double.NaN;
        if (cpu != null && lastTotal >= 0 && cpu[0] > lastTotal) {
            double total = cpu[0] - lastTotal;
            busy = 1 - (cpu[1] - lastIdle) / total;
            share = Math.max(0, stackTicks - lastStack) / total;
        }
        if (cpu != null) {
            lastTotal = cpu[0];
            lastIdle = cpu[1];
            lastStack = stackTicks;
        }
        samples.add(new Sample((System.nanoTime() - start) / 1e9, rss, load1(), busy, share));
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static List<Long> tree(long pid) {
        List<Long> out = new ArrayList<>();
        out.add(pid);
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> out.add(d.pid())));
        return out;
    }

    static long rssKib(long pid) {
        return statusField(pid, "VmRSS:");
    }

    private static long pssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no smaps_rollup (old kernel) or the process ended
        }
        return rssKib(pid);
    }

    private static long statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between the pid lookup and the read
        }
        return 0;
    }

    /** utime + stime of the process, in clock ticks. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** {total, idle + iowait} jiffies of all CPUs, or null. */
    private static long[] machineCpu() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
