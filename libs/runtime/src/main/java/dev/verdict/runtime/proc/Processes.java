package dev.verdict.runtime.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Signals and liveness of OS processes by pid, including whole process groups (Keycloak's kc.sh re-execs java, so
 * it is stopped by group). Linux only: reads /proc and uses kill(1), because Java's ProcessHandle cannot signal a
 * group or send SIGINT.
 */
public final class Processes {

    private Processes() {}

    public static boolean isAlive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid);
    }

    /** True while any process of the group exists (kill -0 on the negative pid). */
    public static boolean isGroupAlive(long pgid) {
        return pgid > 0 && kill("-0", pgid, true) == 0;
    }

    /** The process' command line with NULs turned into spaces, empty if the process is gone. */
    public static Optional<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            if (raw.length == 0) {
                return Optional.empty();
            }
            return Optional.of(
                    new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && stat.length() > close + 2 && stat.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** Process group id from /proc/PID/stat, -1 if unknown. */
    public static long processGroup(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[2]); // state, ppid, pgrp
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Pids of every live process whose process group is {@code pgid} (scans /proc). */
    public static List<Long> groupMembers(long pgid) {
        List<Long> members = new ArrayList<>();
        if (pgid <= 0) {
            return members;
        }
        try (var dirs = Files.newDirectoryStream(
                Path.of("/proc"), d -> d.getFileName().toString().matches("\\d+"))) {
            for (Path d : dirs) {
                long pid = Long.parseLong(d.getFileName().toString());
                if (processGroup(pid) == pgid && !isZombie(pid)) {
                    members.add(pid);
                }
            }
        } catch (IOException e) {
            // /proc unreadable: report what we have
        }
        return members;
    }

    /** Sends a signal (e.g. "-TERM", "-INT", "-KILL") to a pid or to the process group led by that pid. */
    public static int kill(String signal, long pid, boolean group) {
        List<String> cmd = new ArrayList<>(List.of("kill", signal, "--", (group ? "-" : "") + pid));
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Graceful stop: the signal (TERM, or INT for a PostgreSQL postmaster's fast shutdown), then KILL after the
     * timeout. Returns true if the process (group) was gone before the KILL was needed.
     */
    public static boolean stop(long pid, boolean group, String signal, Duration timeout) {
        if (!(group ? isGroupAlive(pid) : isAlive(pid))) {
            return true;
        }
        kill(signal, pid, group);
        if (waitForExit(pid, group, timeout)) {
            return true;
        }
        kill("-KILL", pid, group);
        waitForExit(pid, group, Duration.ofSeconds(10));
        return false;
    }

    public static boolean waitForExit(long pid, boolean group, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!(group ? isGroupAlive(pid) || isAlive(pid) : isAlive(pid))) {
                return true;
            }
            sleep(Duration.ofMillis(200));
        }
        return false;
    }

    public static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
