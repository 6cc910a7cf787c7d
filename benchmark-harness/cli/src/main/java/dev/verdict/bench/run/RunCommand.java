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
                    "quick (5 forks/JDK, 3x200ms warm-up, 3x200ms measurement) or thorough (10 forks, 5x1s, 10x1s). Default ${DEFAULT-VALUE}.")
    Profile profile = Profile.QUICK;

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
                    jmhLock.equals("ignore"));
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
        Runner runner = new Runner(settings, selected, dir, runId, progress);
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
