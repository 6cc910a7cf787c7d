package dev.verdict.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private ProcStats() {}

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
