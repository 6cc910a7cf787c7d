package dev.verdict.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Linux {@code /proc} readings the harness takes from outside the benchmark JVMs: CPU time of this JVM's reaped
 * children (a whole JMH invocation: host plus benchmark JVM) and the load average. Every method returns {@code null} (or
 * -1) where {@code /proc} is not available, and the run then simply lacks those numbers.
 */
public final class ProcStats {

    private static final long CLOCK_TICKS = clockTicks();

    /** user and system CPU time in nanoseconds. */
    public record CpuTime(long userNanos, long systemNanos) {
        public long totalNanos() {
            return userNanos + systemNanos;
        }

        public CpuTime minus(CpuTime o) {
            return new CpuTime(userNanos - o.userNanos, systemNanos - o.systemNanos);
        }
    }

    /** Busy (non-idle, non-iowait) CPU time of the whole machine and of each CPU, from /proc/stat. */
    public record MachineCpu(long busyNanos, long[] perCpuBusyNanos) {
        /** Busy time since {@code before}, of all CPUs, or of the given ones (e.g. the CPU a fork was pinned to). */
        public long busySince(MachineCpu before, java.util.Set<Integer> cpus) {
            if (cpus == null || cpus.isEmpty()) {
                return busyNanos - before.busyNanos;
            }
            long sum = 0;
            for (int c : cpus) {
                if (c < perCpuBusyNanos.length && c < before.perCpuBusyNanos.length) {
                    sum += perCpuBusyNanos[c] - before.perCpuBusyNanos[c];
                }
            }
            return sum;
        }
    }

    /** One process's accumulated CPU time, for telling which other processes competed with a run. */
    public record ProcessCpu(long pid, long parentPid, String name, String commandLine, long cpuNanos) {}

    private ProcStats() {}

    /** Busy CPU time of the machine, or null without /proc/stat. */
    public static MachineCpu machineCpu() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            long total = -1;
            List<Long> per = new ArrayList<>();
            for (String line : lines) {
                if (!line.startsWith("cpu")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                // user nice system idle iowait irq softirq steal ...: busy = all but idle and iowait
                long busy = 0;
                for (int i = 1; i < f.length && i <= 8; i++) {
                    if (i != 4 && i != 5) {
                        busy += Long.parseLong(f[i]);
                    }
                }
                long nanos = busy * TimeUnit.SECONDS.toNanos(1) / CLOCK_TICKS;
                if (f[0].equals("cpu")) {
                    total = nanos;
                } else {
                    per.add(nanos);
                }
            }
            return total < 0
                    ? null
                    : new MachineCpu(
                            total, per.stream().mapToLong(Long::longValue).toArray());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Every process's CPU time so far (utime + stime), name and command line; empty without /proc. */
    public static List<ProcessCpu> processes() {
        List<ProcessCpu> out = new ArrayList<>();
        try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path d : dirs) {
                try {
                    String stat = Files.readString(d.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close);
                    String[] f = stat.substring(close + 2).trim().split("\\s+");
                    long cpu =
                            (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TimeUnit.SECONDS.toNanos(1) / CLOCK_TICKS;
                    byte[] cmd = Files.readAllBytes(d.resolve("cmdline"));
                    String cmdline = new String(cmd, java.nio.charset.StandardCharsets.UTF_8)
                            .replace('\0', ' ')
                            .strip();
                    out.add(new ProcessCpu(
                            Long.parseLong(d.getFileName().toString()),
                            Long.parseLong(f[1]),
                            name,
                            cmdline.length() > 300 ? cmdline.substring(0, 300) : cmdline,
                            cpu));
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we read it
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return out;
    }

    /**
     * CPU time of this JVM's terminated and reaped children (cutime, cstime of /proc/self/stat): each includes the
     * CPU of its own reaped children, so the delta over one JMH invocation is the host JVM plus its benchmark fork.
     */
    public static CpuTime reapedChildrenCpu() {
        String[] f = statFields(Path.of("/proc/self/stat"));
        return f == null ? null : new CpuTime(ticks(f[13]), ticks(f[14]));
    }

    /** The 1-minute load average. */
    public static Double loadAverage() {
        try {
            String s = Files.readString(Path.of("/proc/loadavg")).strip();
            return Double.parseDouble(s.substring(0, s.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage();
            return l < 0 ? null : l;
        }
    }

    /** The fields after the command name (which may contain spaces): index 0 is field 3 (state). */
    static String[] statFields(Path stat) {
        try {
            String s = Files.readString(stat);
            int close = s.lastIndexOf(')');
            return s.substring(close + 2).trim().split("\\s+");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long ticks(String field) {
        return Long.parseLong(field) * TimeUnit.SECONDS.toNanos(1) / CLOCK_TICKS;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor(5, TimeUnit.SECONDS);
            long v = Long.parseLong(out);
            return v > 0 ? v : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
