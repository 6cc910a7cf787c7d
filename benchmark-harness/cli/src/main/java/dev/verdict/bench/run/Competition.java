package dev.verdict.bench.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which other processes used the CPU while a run measured: CPU time per process between snapshots of /proc
 * (the harness's own process tree left out), so a report can tell "the platform's own idle services" from "a build
 * ran beside it". Processes that start and end between two snapshots are not seen by name; their CPU still shows in
 * each fork's {@code competingCpus}, which is read from /proc/stat.
 */
final class Competition {

    private static final int TOP = 8;

    private final long startNanos = System.nanoTime();
    private Map<Long, ProcStats.ProcessCpu> last = new HashMap<>();
    private final Map<Long, Long> cpuNanos = new HashMap<>();
    private final Map<Long, ProcStats.ProcessCpu> seen = new HashMap<>();

    Competition() {
        sample();
    }

    /** Takes a snapshot and adds each process's CPU since the previous one. */
    synchronized void sample() {
        Set<Long> own = new HashSet<>();
        ProcessHandle self = ProcessHandle.current();
        own.add(self.pid());
        self.descendants().forEach(p -> own.add(p.pid()));
        Map<Long, ProcStats.ProcessCpu> now = new HashMap<>();
        for (ProcStats.ProcessCpu p : ProcStats.processes()) {
            now.put(p.pid(), p);
        }
        for (ProcStats.ProcessCpu p : now.values()) {
            ProcStats.ProcessCpu before = last.get(p.pid());
            if (before == null || own.contains(p.pid()) || own.contains(p.parentPid())) {
                continue;
            }
            long delta = p.cpuNanos() - before.cpuNanos();
            if (delta > 0) {
                cpuNanos.merge(p.pid(), delta, Long::sum);
                seen.put(p.pid(), p);
            }
        }
        last = now;
    }

    /** The processes that used the most CPU so far, with their share of one CPU over the run's wall time. */
    synchronized List<RunRecord.Competitor> top() {
        double wallSeconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        List<RunRecord.Competitor> out = new ArrayList<>();
        cpuNanos.entrySet().stream()
                .sorted(Map.Entry.<Long, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(TOP)
                .forEach(e -> {
                    ProcStats.ProcessCpu p = seen.get(e.getKey());
                    double seconds = e.getValue() / 1e9;
                    out.add(new RunRecord.Competitor(
                            p.pid(),
                            p.name(),
                            kind(p.name(), p.commandLine()),
                            Math.round(seconds * 1000) / 1000.0,
                            Math.round(seconds / wallSeconds * 1000) / 1000.0));
                });
        return out;
    }

    /** What a process is, from its name and command line: the advice differs (idle services are fine, builds not). */
    static String kind(String name, String commandLine) {
        String all = (name + " " + commandLine).toLowerCase(Locale.ROOT);
        for (String build : List.of(
                "maven",
                "plexus-classworlds",
                "mvnw",
                "gradle",
                "surefire",
                "failsafe",
                "javac",
                "cc1",
                "make ",
                "npm",
                "node ")) {
            if (all.contains(build)) {
                return "build";
            }
        }
        for (String platform : List.of("quarkus-run.jar", "verdict", "kafka", "postgres", "keycloak", "prometheus")) {
            if (all.contains(platform)) {
                return "platform service";
            }
        }
        return "other";
    }
}
