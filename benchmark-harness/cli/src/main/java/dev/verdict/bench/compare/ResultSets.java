package dev.verdict.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.bench.BenchException;
import dev.verdict.bench.Json;
import dev.verdict.bench.run.JmhJson;
import dev.verdict.bench.run.JmhResult;
import dev.verdict.bench.run.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads result sets from a harness run (its directory or {@code run.json}: one result set per JDK of the run) or a
 * plain JMH JSON file (one result set, labelled by the file name unless a label is given).
 */
public final class ResultSets {

    private ResultSets() {}

    public static List<ResultSet> load(Path input, String labelForJmhFile) {
        Path file = Files.isDirectory(input) ? input.resolve("run.json") : input;
        if (!Files.isRegularFile(file)) {
            throw new BenchException("no results at " + input
                    + (Files.isDirectory(input) ? " (expected a run directory with run.json)" : ""));
        }
        JsonNode head;
        try {
            head = Json.MAPPER.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new BenchException(
                    (file.getFileName().toString().equals("run.json")
                                    ? "corrupted harness run file "
                                    : "corrupted JMH JSON in ")
                            + file + ": " + Json.describe(e),
                    e);
        } catch (IOException e) {
            throw new BenchException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (head != null
                && head.isObject()
                && RunRecord.FORMAT.equals(head.path("format").asText())) {
            return fromRun(Json.read(file, RunRecord.class, "harness run file"), file);
        }
        if (head != null && head.isObject()) {
            throw new BenchException(file + " is neither a harness run.json (format " + RunRecord.FORMAT
                    + ") nor a JMH JSON result (an array)");
        }
        String label = labelForJmhFile != null
                ? labelForJmhFile
                : file.getFileName().toString().replaceFirst("\\.json$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        return List.of(fromJmh(JmhJson.read(file), label, file));
    }

    public static List<ResultSet> fromRun(RunRecord run, Path file) {
        List<ResultSet> sets = new ArrayList<>();
        for (RunRecord.RunJdk jdk : run.jdks()) {
            Map<String, Acc> accs = new LinkedHashMap<>();
            Double maxLoad = null;
            List<Double> competing = new ArrayList<>();
            for (RunRecord.ForkRecord f : run.forks()) {
                if (!f.jdk().equals(jdk.label()) || "DISCARDED".equals(f.status())) {
                    continue; // a discarded fork ran again: it is neither a sample nor a failure
                }
                if (f.competingCpus() != null) {
                    competing.add(f.competingCpus());
                }
                if (f.loadAtStart() != null) {
                    maxLoad = maxLoad == null ? f.loadAtStart() : Math.max(maxLoad, f.loadAtStart());
                }
                if ("OK".equals(f.status())) {
                    for (RunRecord.Measurement m : f.results()) {
                        Acc a = accs.computeIfAbsent(m.key(), k -> new Acc(m.key(), m.benchmark(), m.params()));
                        a.add(m);
                    }
                } else {
                    List<Acc> matching = accs.values().stream()
                            .filter(a -> a.benchmark.equals(f.benchmark()))
                            .toList();
                    if (matching.isEmpty()) {
                        Acc a = accs.computeIfAbsent(
                                f.benchmark(), k -> new Acc(f.benchmark(), f.benchmark(), Map.of()));
                        matching = List.of(a);
                    }
                    for (Acc a : matching) {
                        a.failures.add(
                                "fork " + f.forkIndex() + " " + f.status().toLowerCase() + ": " + f.error());
                    }
                }
            }
            // benchmarks that never produced a row on this JDK still appear (as failures) so they are reported
            Map<String, ResultSet.Samples> samples = new LinkedHashMap<>();
            for (Acc a : accs.values()) {
                samples.put(a.key, a.build(run.settings() == null ? 0 : plannedForks(run, a.benchmark)));
            }
            sets.add(new ResultSet(
                    jdk.label(),
                    jdk.jdk(),
                    run.environment(),
                    run.runId(),
                    file.toString(),
                    run.complete(),
                    run.statusDetail(),
                    run.settings() == null ? Map.of() : run.settings().asConfig(),
                    run.startedAt(),
                    run.finishedAt() != null ? run.finishedAt() : lastFork(run),
                    run.jdks().size() > 1,
                    maxLoad,
                    samples,
                    competing,
                    run.competitors() == null ? List.of() : run.competitors()));
        }
        return sets;
    }

    /** Forks per JDK the run planned for a benchmark: fixed, or what a sequential run scheduled so far. */
    private static int plannedForks(RunRecord run, String benchmark) {
        if (run.settings().sequential() == null) {
            return run.settings().forks();
        }
        return (int) run.forks().stream()
                .filter(f -> f.benchmark().equals(benchmark)
                        && f.jdk().equals(run.jdks().get(0).label())
                        && !"DISCARDED".equals(f.status()))
                .count();
    }

    private static java.time.Instant lastFork(RunRecord run) {
        return run.forks().stream()
                .map(f -> f.startedAt().plusMillis(f.wallMillis()))
                .max(java.util.Comparator.naturalOrder())
                .orElse(run.startedAt());
    }

    static ResultSet fromJmh(List<JmhResult> results, String label, Path file) {
        Map<String, ResultSet.Samples> samples = new LinkedHashMap<>();
        String vm = null;
        for (JmhResult r : results) {
            JmhResult.Metric alloc = r.secondary("gc.alloc.rate.norm");
            JmhResult.Metric gcCount = r.secondary("gc.count");
            JmhResult.Metric gcTime = r.secondary("gc.time");
            JmhResult.Metric cpu = r.secondary("cpu.time.norm");
            JmhResult.Metric rss = r.secondary("rss.peak");
            vm = r.vmVersion();
            samples.put(
                    r.key(),
                    new ResultSet.Samples(
                            r.key(),
                            r.benchmark(),
                            r.params(),
                            r.mode(),
                            r.primary().unit(),
                            r.primary().forkMeans(),
                            cpu == null ? List.of() : cpu.forkMeans(),
                            alloc == null ? List.of() : alloc.forkMeans(),
                            gcCount == null ? List.of() : gcCount.forkSums(),
                            gcTime == null ? List.of() : gcTime.forkSums(),
                            rss == null
                                    ? List.of()
                                    : rss.rawData().stream()
                                            .map(f -> f.stream()
                                                    .mapToDouble(Double::doubleValue)
                                                    .max()
                                                    .orElse(0))
                                            .map(Double::longValue)
                                            .toList(),
                            r.forks(),
                            List.of(),
                            r.vmVersion()));
        }
        java.time.Instant modified;
        try {
            modified = Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            modified = java.time.Instant.now();
        }
        dev.verdict.jdks.Jdk jdk = vm == null
                ? null
                : new dev.verdict.jdks.Jdk(
                        results.get(0).jdkVersion() == null
                                ? "unknown"
                                : results.get(0).jdkVersion(),
                        "unknown",
                        results.get(0).jdkVersion(),
                        dev.verdict.jdks.JdkDiscovery.featureVersion(
                                results.get(0).jdkVersion() == null
                                        ? "0"
                                        : results.get(0).jdkVersion()),
                        vm,
                        null,
                        "jmh-json");
        return new ResultSet(
                label,
                jdk,
                null,
                null,
                file.toString(),
                true,
                null,
                Map.of(),
                modified,
                modified,
                false,
                null,
                samples);
    }

    private static final class Acc {
        final String key;
        final String benchmark;
        final Map<String, String> params;
        String mode;
        String unit;
        String vm;
        final List<Double> scores = new ArrayList<>();
        final List<Double> cpu = new ArrayList<>();
        final List<Double> alloc = new ArrayList<>();
        final List<Double> gcCount = new ArrayList<>();
        final List<Double> gcTime = new ArrayList<>();
        final List<Long> rss = new ArrayList<>();
        final List<String> failures = new ArrayList<>();

        Acc(String key, String benchmark, Map<String, String> params) {
            this.key = key;
            this.benchmark = benchmark;
            this.params = params;
        }

        void add(RunRecord.Measurement m) {
            if (unit != null && !unit.equals(m.unit())) {
                throw new BenchException("benchmark " + key + " reports in " + unit + " and in " + m.unit()
                        + " in the same run; cannot compare");
            }
            mode = m.mode();
            unit = m.unit();
            vm = m.vmVersion();
            scores.add(m.score());
            if (m.cpuNanosPerOp() != null) {
                cpu.add(m.cpuNanosPerOp());
            }
            if (m.allocBytesPerOp() != null) {
                alloc.add(m.allocBytesPerOp());
            }
            if (m.gcCount() != null) {
                gcCount.add(m.gcCount());
            }
            if (m.gcTimeMillis() != null) {
                gcTime.add(m.gcTimeMillis());
            }
            if (m.peakRssKb() != null) {
                rss.add(m.peakRssKb());
            }
        }

        ResultSet.Samples build(int forksPlanned) {
            return new ResultSet.Samples(
                    key,
                    benchmark,
                    params,
                    mode,
                    unit,
                    List.copyOf(scores),
                    List.copyOf(cpu),
                    List.copyOf(alloc),
                    List.copyOf(gcCount),
                    List.copyOf(gcTime),
                    List.copyOf(rss),
                    forksPlanned,
                    List.copyOf(failures),
                    vm);
        }
    }
}
