package dev.verdict.bench.run;

import dev.verdict.bench.BenchException;
import dev.verdict.bench.Json;
import dev.verdict.jdks.JdkSelection.LabelledJdk;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a JMH suite under several JDKs: lists the benchmarks, then runs every slot of the alternating
 * {@link Schedule} as its own JMH invocation ({@code <jdk>/bin/java -jar benchmarks.jar '^name$' -f 1 ...
 * -prof gc -rf json}), so each sample is a fresh benchmark JVM of that JDK with JMH's own fork hygiene (compiler
 * hints, binary link). After every fork {@code run.json} is rewritten, so whatever happens next, what was measured
 * so far is on disk.
 *
 * <p>A benchmark that fails on a JDK is unsupported there: its remaining forks on that JDK are skipped, the rest of
 * the suite goes on. {@link #cancel} (Ctrl-C) kills the JMH process tree, and {@link #run} returns the partial run
 * marked {@code INTERRUPTED}.
 */
public final class Runner {

    private static final long LOCK_POLL_MILLIS = 5_000;
    private static final long LOCK_MAX_WAIT_MILLIS = 15 * 60_000;
    /** Start-up of the JMH host and the benchmark JVM, for the first ETA. */
    private static final long STARTUP_ALLOWANCE_MILLIS = 2_000;

    private final RunSettings settings;
    private final List<LabelledJdk> jdks;
    private final Path outDir;
    private final String runId;
    private final ProgressListener progress;
    private final ForkPlan plan;

    private final List<RunRecord.ForkRecord> forks = new ArrayList<>();
    private volatile String cancelReason;
    private volatile Process current;
    private Instant startedAt;
    private HostEnvironment environment;
    private List<String> benchmarks = List.of();

    private Path profilerJar;
    private Competition competition;
    private long startNanos;

    /** A run of the settings' fixed schedule. */
    public Runner(RunSettings settings, List<LabelledJdk> jdks, Path outDir, String runId, ProgressListener progress) {
        this(settings, jdks, outDir, runId, progress, ForkPlan.fixed(Math.max(1, jdks.size()), settings.forks()));
    }

    public Runner(
            RunSettings settings,
            List<LabelledJdk> jdks,
            Path outDir,
            String runId,
            ProgressListener progress,
            ForkPlan plan) {
        if (jdks.isEmpty()) {
            throw new BenchException("no JDK to run: give at least one --jdk");
        }
        this.settings = settings;
        this.jdks = List.copyOf(jdks);
        this.outDir = outDir;
        this.runId = runId;
        this.progress = progress;
        this.plan = plan;
    }

    public Path runFile() {
        return outDir.resolve("run.json");
    }

    /**
     * Asks a running {@link #run} to stop: kills the current JMH invocation (host and benchmark JVM) and makes run
     * return the partial record marked INTERRUPTED with {@code reason}. Safe to call from a shutdown hook.
     */
    public void cancel(String reason) {
        if (cancelReason == null) {
            cancelReason = reason;
        }
        Process p = current;
        if (p != null) {
            kill(p);
        }
    }

    public boolean cancelled() {
        return cancelReason != null;
    }

    public RunRecord run() {
        startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        environment = HostEnvironment.capture();
        try {
            Files.createDirectories(outDir.resolve("raw"));
            Files.createDirectories(outDir.resolve("logs"));
            profilerJar = ProfilerJar.write(outDir.resolve("profiler"));
        } catch (IOException e) {
            throw new BenchException("cannot create the output directory " + outDir + ": " + e.getMessage(), e);
        }
        benchmarks = listBenchmarks();
        startNanos = System.nanoTime();
        competition = new Competition();
        List<Schedule.Slot> batch = plan.first(benchmarks);
        long perFork = (long) settings.warmupIterations() * settings.warmupMillis()
                + (long) settings.measurementIterations() * settings.measurementMillis()
                + STARTUP_ALLOWANCE_MILLIS;
        progress.planned(plan.planned(), perFork);
        write(RunRecord.Status.RUNNING, null);

        Set<String> unsupported = new HashSet<>();
        int done = 0;
        long walls = 0;
        int measured = 0;
        boolean budgetEnded = false;
        while (!batch.isEmpty() && !cancelled() && !budgetEnded) {
            for (Schedule.Slot slot : batch) {
                if (cancelled()) {
                    break;
                }
                long expected = measured == 0 ? perFork : walls / measured;
                if (!plan.admits((System.nanoTime() - startNanos) / 1_000_000, expected)) {
                    budgetEnded = true;
                    break;
                }
                LabelledJdk jdk = jdks.get(slot.jdkIndex());
                String pair = slot.benchmark() + "@" + jdk.label();
                RunRecord.ForkRecord fork;
                if (unsupported.contains(pair)) {
                    fork = new RunRecord.ForkRecord(
                            slot.sequence(),
                            slot.benchmark(),
                            jdk.label(),
                            slot.forkIndex(),
                            "SKIPPED",
                            Instant.now().truncatedTo(ChronoUnit.MILLIS),
                            0,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            "skipped: failed in an earlier fork on " + jdk.label(),
                            List.of(),
                            null);
                } else {
                    progress.forkStarted(slot, jdk.label(), done, plan.planned());
                    fork = runSlot(slot, jdk);
                    if (fork == null) {
                        break; // cancelled while it ran: the fork is incomplete and is not recorded
                    }
                    walls += fork.wallMillis();
                    measured++;
                    if ("FAILED".equals(fork.status())) {
                        unsupported.add(pair);
                        progress.message(slot.benchmark() + " failed on " + jdk.label()
                                + " (unsupported there, its other forks on " + jdk.label() + " are skipped): "
                                + abbreviate(fork.error(), 300));
                    }
                }
                synchronized (forks) {
                    forks.add(fork);
                }
                done++;
                progress.forkFinished(fork, done, plan.planned());
                write(RunRecord.Status.RUNNING, null);
            }
            if (cancelled() || budgetEnded) {
                break;
            }
            batch = plan.next(write(RunRecord.Status.RUNNING, null));
            if (!batch.isEmpty()) {
                progress.message(roundMessage(batch));
            }
        }
        if (budgetEnded) {
            plan.stopped(write(RunRecord.Status.RUNNING, null), "budget");
        } else if (cancelled()) {
            plan.stopped(write(RunRecord.Status.RUNNING, null), "interrupted");
        }
        RunRecord result;
        if (cancelled()) {
            result = write(
                    RunRecord.Status.INTERRUPTED,
                    cancelReason + ": " + okCount() + " of " + plan.planned()
                            + " forks completed; partial results, marked incomplete");
        } else if (okCount() == 0) {
            result = write(RunRecord.Status.FAILED, "no fork produced a result; see " + outDir.resolve("logs"));
        } else {
            result = write(RunRecord.Status.COMPLETE, null);
        }
        progress.finished(result);
        return result;
    }

    private long okCount() {
        synchronized (forks) {
            return forks.stream().filter(f -> "OK".equals(f.status())).count();
        }
    }

    private RunRecord write(RunRecord.Status status, String detail) {
        List<RunRecord.ForkRecord> copy;
        synchronized (forks) {
            copy = List.copyOf(forks);
        }
        RunRecord r = new RunRecord(
                RunRecord.FORMAT,
                runId,
                startedAt,
                status == RunRecord.Status.RUNNING ? null : Instant.now().truncatedTo(ChronoUnit.MILLIS),
                status,
                detail,
                settings,
                jdks.stream().map(j -> new RunRecord.RunJdk(j.label(), j.jdk())).toList(),
                environment,
                benchmarks,
                plan.planned(),
                copy,
                plan.progress(),
                competition == null ? List.of() : competition.top());
        Json.write(runFile(), r);
        return r;
    }

    private String roundMessage(List<Schedule.Slot> batch) {
        RunRecord.SequentialProgress p = plan.progress();
        long names = batch.stream().map(Schedule.Slot::benchmark).distinct().count();
        String text = "round " + (p == null ? "?" : p.rounds().size() - 1) + ": " + batch.size() + " more forks for "
                + names + " undecided benchmark(s)"
                + (p == null ? "" : "; decided so far " + p.decided().size() + " of " + benchmarks.size());
        if (p != null && p.rounds().size() == 2) {
            StringBuilder sb =
                    new StringBuilder(text).append("\npilot estimate of forks per JDK to decide at ±margin:");
            p.pilotForksNeeded()
                    .forEach((b, n) -> sb.append("\n  ")
                            .append(ConsoleProgress.shortName(b))
                            .append(": ")
                            .append(
                                    n == 0
                                            ? "decided"
                                            : n < 0
                                                    ? "more than 500 (at the margin, or too noisy)"
                                                    : String.valueOf(n)));
            text = sb.toString();
        }
        return text;
    }

    /** The benchmarks of the jar that match the include pattern, as JMH lists them ({@code -l}). */
    List<String> listBenchmarks() {
        LabelledJdk first = jdks.get(0);
        List<String> cmd = new ArrayList<>(hostCommand(first));
        cmd.add("-l");
        cmd.add(settings.include());
        if (settings.exclude() != null && !settings.exclude().isBlank()) {
            cmd.add("-e");
            cmd.add(settings.exclude());
        }
        List<String> out = new ArrayList<>();
        int exit;
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            current = p;
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(line);
                }
            }
            exit = p.waitFor();
        } catch (IOException e) {
            throw new BenchException("cannot start " + first.jdk().javaExecutable() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException(BenchException.RUN_FAILED, "interrupted while listing benchmarks", e);
        } finally {
            current = null;
        }
        int start = -1;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).startsWith("Benchmarks:")) {
                start = i + 1;
            }
        }
        if (exit != 0 || start < 0) {
            throw new BenchException("cannot list the benchmarks of " + settings.benchmarksJar() + " with "
                    + first.jdk().javaExecutable() + " (is it a JMH benchmarks jar?): "
                    + abbreviate(String.join(" | ", out.subList(Math.max(0, out.size() - 8), out.size())), 600));
        }
        List<String> names = out.subList(start, out.size()).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
        if (names.isEmpty()) {
            throw new BenchException(
                    "no benchmark of " + settings.benchmarksJar() + " matches --include '" + settings.include() + "'");
        }
        return names;
    }

    private List<String> hostCommand(LabelledJdk jdk) {
        List<String> cmd = new ArrayList<>();
        if (settings.pinCpus() != null) {
            // host and benchmark JVM on the pinned CPUs; the harness and everything else keep the others
            cmd.addAll(List.of("taskset", "-c", settings.pinCpus()));
        }
        cmd.add(jdk.jdk().javaExecutable().toString());
        // the JMH host only orchestrates; keep it small and out of the benchmark JVM's way
        cmd.add("-Xmx256m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        if (settings.ignoreJmhLock()) {
            cmd.add("-Djmh.ignoreLock=true");
        }
        // JMH gives its forks the host's class path, so the profiler reaches every benchmark JVM this way
        cmd.add("-cp");
        cmd.add(settings.benchmarksJar() + java.io.File.pathSeparator + profilerJar);
        cmd.add("org.openjdk.jmh.Main");
        return cmd;
    }

    List<String> forkCommand(LabelledJdk jdk, String benchmark, Path rawFile) {
        List<String> cmd = new ArrayList<>(hostCommand(jdk));
        cmd.add("^" + benchmark.replace(".", "\\.") + "$");
        cmd.addAll(List.of(
                "-f",
                "1",
                "-wi",
                String.valueOf(settings.warmupIterations()),
                "-w",
                settings.warmupMillis() + "ms",
                "-i",
                String.valueOf(settings.measurementIterations()),
                "-r",
                settings.measurementMillis() + "ms",
                "-foe",
                "true",
                "-prof",
                "gc",
                "-prof",
                ProfilerJar.PROFILER_CLASS,
                "-rf",
                "json",
                "-rff",
                rawFile.toString()));
        if (settings.forkJvmArgs() != null && !settings.forkJvmArgs().isBlank()) {
            cmd.add("-jvmArgs");
            cmd.add(settings.forkJvmArgs().strip());
        }
        return cmd;
    }

    /**
     * Runs one slot; a fork during which other processes competed for more than {@code maxCompetingCpus} is kept
     * as DISCARDED and the slot runs again (at most {@link RunSettings#RERUNS} times). Null if cancelled.
     */
    private RunRecord.ForkRecord runSlot(Schedule.Slot slot, LabelledJdk jdk) {
        for (int attempt = 0; ; attempt++) {
            RunRecord.ForkRecord fork = runFork(slot, jdk, attempt);
            Double limit = settings.maxCompetingCpus();
            if (fork == null
                    || limit == null
                    || !"OK".equals(fork.status())
                    || fork.competingCpus() == null
                    || fork.competingCpus() <= limit
                    || attempt >= RunSettings.RERUNS) {
                return fork;
            }
            RunRecord.ForkRecord discarded = new RunRecord.ForkRecord(
                    fork.sequence(),
                    fork.benchmark(),
                    fork.jdk(),
                    fork.forkIndex(),
                    "DISCARDED",
                    fork.startedAt(),
                    fork.wallMillis(),
                    fork.cpuMillis(),
                    fork.cpuUserMillis(),
                    fork.cpuSystemMillis(),
                    fork.loadAtStart(),
                    fork.rawJson(),
                    fork.log(),
                    String.format(
                            java.util.Locale.ROOT,
                            "other processes used %.2f CPUs during the fork, more than the %.2f allowed: run again",
                            fork.competingCpus(),
                            limit),
                    fork.results(),
                    fork.competingCpus());
            synchronized (forks) {
                forks.add(discarded);
            }
            progress.message(ConsoleProgress.shortName(slot.benchmark()) + " " + jdk.label() + " fork "
                    + slot.forkIndex() + " discarded: " + discarded.error());
        }
    }

    /** Runs one slot once; null if cancelled while running. */
    private RunRecord.ForkRecord runFork(Schedule.Slot slot, LabelledJdk jdk, int attempt) {
        String name = String.format(
                "%04d-%s-%s-f%d%s",
                slot.sequence(),
                ConsoleProgress.shortName(slot.benchmark()).replaceAll("[^A-Za-z0-9._-]", "_"),
                jdk.label(),
                slot.forkIndex(),
                attempt == 0 ? "" : "-r" + attempt);
        Path raw = outDir.resolve("raw").resolve(name + ".json");
        Path log = outDir.resolve("logs").resolve(name + ".log");
        List<String> cmd = forkCommand(jdk, slot.benchmark(), raw);
        long waitedForLock = 0;
        while (true) {
            Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Double load = ProcStats.loadAverage();
            ProcStats.CpuTime cpuBefore = ProcStats.reapedChildrenCpu();
            ProcStats.MachineCpu machineBefore = ProcStats.machineCpu();
            long selfBefore = selfCpuNanos();
            long t0 = System.nanoTime();
            ForkMonitor monitor;
            int exit;
            List<String> tail = new ArrayList<>();
            try {
                Files.deleteIfExists(raw);
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                current = p;
                if (cancelled()) {
                    kill(p);
                }
                monitor = new ForkMonitor();
                try (BufferedReader r =
                                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                        BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                    w.write("# " + String.join(" ", cmd));
                    w.newLine();
                    String line;
                    while ((line = r.readLine()) != null) {
                        w.write(line);
                        w.newLine();
                        monitor.line(line);
                        tail.add(line);
                        if (tail.size() > 12) {
                            tail.remove(0);
                        }
                    }
                }
                exit = p.waitFor();
            } catch (IOException e) {
                if (cancelled()) {
                    return null;
                }
                throw new BenchException(
                        BenchException.RUN_FAILED, "cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel("interrupted");
                return null;
            } finally {
                current = null;
            }
            if (cancelled()) {
                return null;
            }
            long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            ProcStats.CpuTime cpuAfter = ProcStats.reapedChildrenCpu();
            ProcStats.CpuTime cpu = cpuBefore == null || cpuAfter == null ? null : cpuAfter.minus(cpuBefore);
            Double competing = competingCpus(machineBefore, ProcStats.machineCpu(), cpu, selfBefore, wall);
            competition.sample();
            if (monitor.lockBusy() && exit != 0) {
                if (waitedForLock == 0) {
                    progress.message("another JMH run holds the JMH lock on this machine; waiting for it to finish"
                            + " (or rerun with --jmh-lock ignore)");
                }
                if (waitedForLock >= LOCK_MAX_WAIT_MILLIS) {
                    throw new BenchException(
                            BenchException.RUN_FAILED,
                            "gave up waiting " + LOCK_MAX_WAIT_MILLIS / 60_000
                                    + " min for the JMH lock held by another JMH run",
                            null);
                }
                if (!sleep(LOCK_POLL_MILLIS)) {
                    return null;
                }
                waitedForLock += LOCK_POLL_MILLIS;
                continue;
            }
            return record(slot, jdk, started, wall, cpu, load, raw, log, exit, monitor, tail, competing);
        }
    }

    private RunRecord.ForkRecord record(
            Schedule.Slot slot,
            LabelledJdk jdk,
            Instant started,
            long wall,
            ProcStats.CpuTime cpu,
            Double load,
            Path raw,
            Path log,
            int exit,
            ForkMonitor monitor,
            List<String> tail,
            Double competing) {
        String rawRel = outDir.relativize(raw).toString();
        String logRel = outDir.relativize(log).toString();
        Long cpuMs = cpu == null ? null : TimeUnit.NANOSECONDS.toMillis(cpu.totalNanos());
        Long userMs = cpu == null ? null : TimeUnit.NANOSECONDS.toMillis(cpu.userNanos());
        Long sysMs = cpu == null ? null : TimeUnit.NANOSECONDS.toMillis(cpu.systemNanos());
        String failure = monitor.failureText();
        if (!Files.isRegularFile(raw) || exit != 0) {
            String why = failure != null
                    ? failure
                    : "JMH exited with status " + exit + " and " + (Files.isRegularFile(raw) ? "" : "no result file; ")
                            + "last output: " + String.join(" | ", tail);
            return new RunRecord.ForkRecord(
                    slot.sequence(),
                    slot.benchmark(),
                    jdk.label(),
                    slot.forkIndex(),
                    "FAILED",
                    started,
                    wall,
                    cpuMs,
                    userMs,
                    sysMs,
                    load,
                    Files.isRegularFile(raw) ? rawRel : null,
                    logRel,
                    abbreviate(why, 2_000),
                    List.of(),
                    competing);
        }
        List<JmhResult> results;
        try {
            results = JmhJson.read(raw);
        } catch (BenchException e) {
            return new RunRecord.ForkRecord(
                    slot.sequence(),
                    slot.benchmark(),
                    jdk.label(),
                    slot.forkIndex(),
                    "FAILED",
                    started,
                    wall,
                    cpuMs,
                    userMs,
                    sysMs,
                    load,
                    rawRel,
                    logRel,
                    e.getMessage(),
                    List.of(),
                    competing);
        }
        if (results.isEmpty()) {
            return new RunRecord.ForkRecord(
                    slot.sequence(),
                    slot.benchmark(),
                    jdk.label(),
                    slot.forkIndex(),
                    "FAILED",
                    started,
                    wall,
                    cpuMs,
                    userMs,
                    sysMs,
                    load,
                    rawRel,
                    logRel,
                    abbreviate(failure != null ? failure : "JMH wrote no result for " + slot.benchmark(), 2_000),
                    List.of(),
                    competing);
        }
        List<RunRecord.Measurement> ms =
                results.stream().map(Runner::measurement).toList();
        return new RunRecord.ForkRecord(
                slot.sequence(),
                slot.benchmark(),
                jdk.label(),
                slot.forkIndex(),
                "OK",
                started,
                wall,
                cpuMs,
                userMs,
                sysMs,
                load,
                rawRel,
                logRel,
                null,
                ms,
                competing);
    }

    /**
     * CPUs other processes used during a fork: busy time of the machine (or of the pinned CPUs) minus this JVM's
     * and the fork's own CPU time, over the wall time. When pinned, the benchmark's CPU is all on the pinned CPUs and
     * the harness's elsewhere, so only the fork's own time is subtracted there.
     */
    private Double competingCpus(
            ProcStats.MachineCpu before,
            ProcStats.MachineCpu after,
            ProcStats.CpuTime fork,
            long selfBefore,
            long wall) {
        if (before == null || after == null || fork == null || wall <= 0) {
            return null;
        }
        java.util.Set<Integer> cpus = pinnedCpus();
        long busy = after.busySince(before, cpus);
        long own = fork.totalNanos() + (cpus.isEmpty() ? Math.max(0, selfCpuNanos() - selfBefore) : 0);
        double v = Math.max(0, busy - own) / (wall * 1e6);
        return Math.round(v * 1000) / 1000.0;
    }

    private java.util.Set<Integer> pinnedCpus() {
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        if (settings.pinCpus() == null) {
            return out;
        }
        for (String part : settings.pinCpus().split(",")) {
            String[] range = part.strip().split("-");
            int lo = Integer.parseInt(range[0].strip());
            int hi = range.length > 1 ? Integer.parseInt(range[1].strip()) : lo;
            for (int c = lo; c <= hi; c++) {
                out.add(c);
            }
        }
        return out;
    }

    private static long selfCpuNanos() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(java.time.Duration::toNanos)
                .orElse(0L);
    }

    static RunRecord.Measurement measurement(JmhResult r) {
        JmhResult.Metric pm = r.primary();
        List<Double> iterations =
                pm.rawData().isEmpty() ? List.of() : pm.rawData().get(0);
        JmhResult.Metric alloc = r.secondary("gc.alloc.rate.norm");
        JmhResult.Metric gcCount = r.secondary("gc.count");
        JmhResult.Metric gcTime = r.secondary("gc.time");
        JmhResult.Metric cpu = r.secondary("cpu.time.norm");
        JmhResult.Metric util = r.secondary("cpu.util");
        JmhResult.Metric rss = r.secondary("rss.peak");
        return new RunRecord.Measurement(
                r.key(),
                r.benchmark(),
                r.params(),
                r.mode(),
                pm.unit(),
                pm.score(),
                pm.scoreError(),
                iterations,
                alloc == null ? null : alloc.score(),
                gcCount == null
                        ? null
                        : gcCount.forkSums().stream()
                                .mapToDouble(Double::doubleValue)
                                .sum(),
                gcTime == null
                        ? null
                        : gcTime.forkSums().stream()
                                .mapToDouble(Double::doubleValue)
                                .sum(),
                cpu == null || !(cpu.score() > 0) ? null : cpu.score(),
                util == null ? null : util.score(),
                rss == null ? null : (long) rss.score(),
                r.jdkVersion(),
                r.vmName(),
                r.vmVersion(),
                r.jvmArgs());
    }

    private boolean sleep(long millis) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (cancelled()) {
                return false;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel("interrupted");
                return false;
            }
        }
        return true;
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String abbreviate(String s, int max) {
        if (s == null) {
            return null;
        }
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
