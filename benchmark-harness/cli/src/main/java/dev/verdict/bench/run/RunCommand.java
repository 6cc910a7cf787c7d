package dev.verdict.bench.run;

import dev.verdict.bench.BenchException;
import dev.verdict.bench.Json;
import dev.verdict.bench.StatsOptions;
import dev.verdict.bench.compare.Comparer;
import dev.verdict.bench.compare.Comparison;
import dev.verdict.bench.compare.ResultSet;
import dev.verdict.bench.compare.ResultSets;
import dev.verdict.bench.report.Reports;
import dev.verdict.jdks.JdkDiscovery;
import dev.verdict.jdks.JdkSelection;
import dev.verdict.jdks.JdkSelection.LabelledJdk;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: the suite under each JDK, alternating forks; then the comparison and reports. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Run a JMH suite under each --jdk (forks alternate A B B A per benchmark), write run.json, raw "
                + "JMH JSON and logs; with two or more JDKs also the comparison against the first (baseline) and "
                + "the reports. Ctrl-C keeps the partial results, marked incomplete.")
public class RunCommand implements Callable<Integer> {

    private static final Pattern MILLIS = Pattern.compile("(\\d+)\\s*(ms|s)?");

    @Spec
    CommandSpec spec;

    @Option(
            names = "--jdk",
            required = true,
            paramLabel = "[LABEL=]JDK",
            description =
                    "A JDK: home path, feature version (17), or vendor-version (temurin-25); optional label (a=17). Repeat; the first is the baseline.")
    List<String> jdks = new ArrayList<>();

    @Option(names = "--jdk-dir", description = "Extra JDK home, or folder of JDK homes, for discovery (repeatable).")
    List<Path> jdkDirs = List.of();

    @Option(
            names = "--profile",
            description =
                    "quick (5 forks/JDK, 3x200ms warm-up, 3x200ms measurement), thorough (10 forks, 5x1s, 10x1s) or"
                            + " sequential (pilot of 3 forks, 5x400ms, 5x200ms; the default with --budget). Default quick.")
    Profile profile;

    @Option(names = "--forks", description = "Forks per JDK per benchmark (overrides the profile).")
    Integer forks;

    @Option(names = "--warmup-iterations", description = "Warm-up iterations per fork (overrides the profile).")
    Integer warmupIterations;

    @Option(names = "--warmup-time", description = "Warm-up iteration time, e.g. 250ms or 1s (overrides the profile).")
    String warmupTime;

    @Option(names = "--iterations", description = "Measurement iterations per fork (overrides the profile).")
    Integer iterations;

    @Option(names = "--time", description = "Measurement iteration time, e.g. 250ms or 1s (overrides the profile).")
    String time;

    @Option(names = "--include", description = "JMH regex selecting benchmarks (default: all).")
    String include = ".*";

    @Option(
            names = "--exclude",
            description = "JMH regex of benchmarks to leave out; \"\" for none (default \"${DEFAULT-VALUE}\": the"
                    + " calibration workloads, whose answer is known, e.g. calibration.PlantedSlowdownBench).")
    String exclude = RunSettings.DEFAULT_EXCLUDE;

    @Option(
            names = "--benchmarks-jar",
            description = "A JMH benchmarks jar (default: the bundled workloads' benchmarks.jar).")
    Path benchmarksJar;

    @Option(
            names = "--fork-jvm-args",
            description = "JVM options of the benchmark JVMs, the same for every JDK (default \"${DEFAULT-VALUE}\").")
    String forkJvmArgs = RunSettings.DEFAULT_FORK_JVM_ARGS;

    @Option(names = "--out", description = "Output directory (default bench-results/<run id>).")
    Path out;

    @Option(
            names = "--jmh-lock",
            description =
                    "JMH allows one run per machine: wait for another to finish, or ignore the lock (default ${DEFAULT-VALUE}).")
    String jmhLock = "wait";

    @Option(
            names = "--budget",
            paramLabel = "DURATION",
            description = "Sequential run within this time (e.g. 15m, 900s, 1h): a pilot, then more forks only where"
                    + " the comparison is still undecided against --margin, until each benchmark is decided.")
    String budget;

    @Option(
            names = "--step-forks",
            description = "Forks per JDK added per round to an undecided benchmark (default ${DEFAULT-VALUE}).")
    int stepForks = 2;

    @Option(
            names = "--max-forks",
            description = "Most forks per JDK a sequential run gives one benchmark (default ${DEFAULT-VALUE}).")
    int maxForks = 30;

    @Option(
            names = "--decide-on",
            description =
                    "What a sequential run decides: score, cpu (CPU time per op) or both (default ${DEFAULT-VALUE}).")
    String decideOn = "both";

    @Option(
            names = "--pin",
            paramLabel = "none|auto|CPUS",
            description =
                    "Pin each JMH invocation (host and benchmark JVM) to CPUs with taskset: auto (the last CPU, if"
                            + " there are at least 2 and taskset exists), none, or a list such as 1 or 2-3 (default ${DEFAULT-VALUE}).")
    String pin = "none";

    @Option(
            names = "--max-competing-cpus",
            paramLabel = "CPUS",
            description = "Discard and re-run a fork during which other processes used more CPUs than this (on the"
                    + " pinned CPUs, or the machine); negative: never (default ${DEFAULT-VALUE}).")
    double maxCompetingCpus = 0.5;

    @Option(names = "--no-compare", description = "Only run; compare later with the compare command.")
    boolean noCompare;

    @Option(
            names = "--progress",
            description = "auto (redraw a line on a terminal), lines, or none (default ${DEFAULT-VALUE}).")
    String progressMode = "auto";

    @Mixin
    StatsOptions stats = new StatsOptions();

    /** The running session, for the shutdown hook (and tests). */
    volatile RunSession session;

    @Override
    public Integer call() {
        JdkDiscovery.Result discovered = JdkDiscovery.discover(JdkDiscovery.defaults(jdkDirs));
        List<LabelledJdk> selected = JdkSelection.select(jdks, discovered);
        Comparison.StatsSettings statsSettings = stats.settings();
        Path jar = benchmarksJar != null ? benchmarksJar : BenchmarksJar.locate();
        if (!Files.isRegularFile(jar)) {
            throw new BenchException("benchmarks jar not found: " + jar);
        }
        String jarHash;
        try {
            jarHash = Json.sha256Hex(Files.readAllBytes(jar));
        } catch (IOException e) {
            throw new BenchException("cannot read " + jar + ": " + e.getMessage(), e);
        }
        if (!jmhLock.equals("wait") && !jmhLock.equals("ignore")) {
            throw new BenchException("--jmh-lock must be wait or ignore");
        }
        boolean custom =
                forks != null || warmupIterations != null || warmupTime != null || iterations != null || time != null;
        Profile profile = this.profile != null ? this.profile : budget != null ? Profile.SEQUENTIAL : Profile.QUICK;
        RunSettings settings;
        try {
            settings = new RunSettings(
                    custom ? profile.label() + "+custom" : profile.label(),
                    include,
                    jar.toAbsolutePath().toString(),
                    jarHash,
                    forks != null ? forks : profile.forks,
                    warmupIterations != null ? warmupIterations : profile.warmupIterations,
                    warmupTime != null ? millis(warmupTime, "--warmup-time") : profile.warmupMillis,
                    iterations != null ? iterations : profile.measurementIterations,
                    time != null ? millis(time, "--time") : profile.measurementMillis,
                    forkJvmArgs,
                    jmhLock.equals("ignore"),
                    pinCpus(pin),
                    maxCompetingCpus < 0 ? null : maxCompetingCpus,
                    budget == null
                            ? null
                            : new RunSettings.Sequential(
                                    seconds(budget),
                                    forks != null ? forks : profile.forks,
                                    stepForks,
                                    maxForks,
                                    decideOn),
                    exclude.isBlank() ? null : exclude);
        } catch (IllegalArgumentException e) {
            throw new BenchException(e.getMessage(), e);
        }
        String runId = newRunId(selected);
        Path dir = out != null ? out : Path.of("bench-results", runId);
        PrintWriter err = spec.commandLine().getErr();
        ProgressListener progress = switch (progressMode) {
            case "none" -> ProgressListener.NONE;
            case "lines" -> new ConsoleProgress(System.err, false);
            default -> new ConsoleProgress(System.err, System.console() != null);
        };
        ForkPlan plan = settings.sequential() == null
                ? ForkPlan.fixed(selected.size(), settings.forks())
                : new SequentialPlan(settings.sequential(), selected.size(), statsSettings, dir.resolve("run.json"));
        Runner runner = new Runner(settings, selected, dir, runId, progress, plan);
        List<Reports.Written> written = new ArrayList<>();
        session = new RunSession(runner, record -> {
            if (!noCompare && selected.size() >= 2 && record.forks().stream().anyMatch(f -> "OK".equals(f.status()))) {
                written.addAll(compareAndReport(record, runner.runFile(), dir, statsSettings));
            }
        });
        Thread hook =
                new Thread(() -> session.interrupt("interrupted (Ctrl-C / SIGTERM)"), "benchmark-harness-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        RunRecord record;
        try {
            record = session.execute();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for this method's writes, nothing to undo
            }
        }
        var outWriter = spec.commandLine().getOut();
        outWriter.println("run " + record.status().name().toLowerCase(Locale.ROOT) + ": " + runner.runFile());
        for (Reports.Written w : written) {
            outWriter.println("comparison: " + w.json());
            outWriter.println("report: " + w.markdown() + " and " + w.html());
        }
        outWriter.flush();
        if (record.status() == RunRecord.Status.INTERRUPTED) {
            err.println("interrupted: partial results kept and marked incomplete in " + dir);
            err.flush();
            return 130;
        }
        return record.status() == RunRecord.Status.COMPLETE ? 0 : BenchException.RUN_FAILED;
    }

    static List<Reports.Written> compareAndReport(
            RunRecord record, Path runFile, Path dir, Comparison.StatsSettings statsSettings) {
        List<ResultSet> sets = ResultSets.fromRun(record, runFile);
        List<Reports.Written> written = new ArrayList<>();
        ResultSet baseline = sets.get(0);
        for (int i = 1; i < sets.size(); i++) {
            ResultSet candidate = sets.get(i);
            Comparison c = Comparer.compare(baseline, candidate, statsSettings);
            boolean single = sets.size() == 2;
            String suffix = single ? "" : "-" + candidate.label() + "-vs-" + baseline.label();
            written.add(Reports.write(c, dir, "comparison" + suffix, "report" + suffix));
        }
        return written;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h)?");

    /** 15m, 900s, 1h, or plain seconds. */
    static long seconds(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) < 1) {
            throw new BenchException("--budget must look like 15m, 900s or 1h, was '" + text + "'");
        }
        long v = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "m" -> v * 60;
            case "h" -> v * 3600;
            default -> v;
        };
    }

    /** taskset's CPU list for --pin, or null for none. */
    static String pinCpus(String pin) {
        String p = pin.strip().toLowerCase(Locale.ROOT);
        if (p.equals("none")) {
            return null;
        }
        if (p.equals("auto")) {
            int cpus = Runtime.getRuntime().availableProcessors();
            boolean taskset =
                    Files.isExecutable(Path.of("/usr/bin/taskset")) || Files.isExecutable(Path.of("/bin/taskset"));
            return cpus >= 2 && taskset ? String.valueOf(cpus - 1) : null;
        }
        if (!p.matches("\\d+(-\\d+)?(,\\d+(-\\d+)?)*")) {
            throw new BenchException("--pin must be none, auto or a CPU list such as 1 or 2-3, was '" + pin + "'");
        }
        return p;
    }

    static int millis(String text, String option) {
        Matcher m = MILLIS.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new BenchException(option + " must look like 250ms or 1s, was '" + text + "'");
        }
        long v = Long.parseLong(m.group(1));
        return (int) ("s".equals(m.group(2)) ? v * 1000 : v);
    }

    static String newRunId(List<LabelledJdk> jdks) {
        String time = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        byte[] r = new byte[3];
        ThreadLocalRandom.current().nextBytes(r);
        return time + "-"
                + String.join("-", jdks.stream().map(LabelledJdk::label).toList()) + "-"
                + HexFormat.of().formatHex(r);
    }
}
