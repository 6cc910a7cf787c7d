package dev.verdict.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.bench.FakeJdk;
import dev.verdict.bench.Json;
import dev.verdict.bench.compare.Classification;
import dev.verdict.bench.compare.Comparer;
import dev.verdict.bench.compare.Comparison;
import dev.verdict.bench.report.Reports;
import dev.verdict.jdks.JdkDiscovery;
import dev.verdict.jdks.JdkSelection.LabelledJdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner against fake JDKs whose "java" behaves like a JMH host (see {@link FakeJdk}): the schedule really
 * runs as processes, results are parsed from the files they write, failures and Ctrl-C take their real paths.
 */
class RunnerTest {

    @TempDir
    Path tmp;

    private RunSettings settings(int forks) throws Exception {
        Path jar = Files.writeString(tmp.resolve("benchmarks.jar"), "not read by the fake JDK");
        return new RunSettings("test", ".*", jar.toString(), "0".repeat(64), forks, 1, 10, 2, 10, "-Xmx64m", true);
    }

    private List<LabelledJdk> jdks(String confA, String confB) throws Exception {
        Path a = FakeJdk.create(tmp, "jdk-a", "Acme", "17.0.1", confA);
        Path b = FakeJdk.create(tmp, "jdk-b", "Bcme", "25.0.1", confB);
        return List.of(new LabelledJdk("a", JdkDiscovery.inspect(a)), new LabelledJdk("b", JdkDiscovery.inspect(b)));
    }

    private static String order(RunRecord r, String benchmark) {
        return r.forks().stream()
                .filter(f -> f.benchmark().equals(benchmark))
                .map(RunRecord.ForkRecord::jdk)
                .collect(Collectors.joining());
    }

    @Test
    void aCompleteRunAlternatesTheJdksAndKeepsEveryForksResult() throws Exception {
        Path out = tmp.resolve("out");
        List<String> events = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void forkFinished(RunRecord.ForkRecord fork, int done, int total) {
                events.add(done + "/" + total);
            }
        };
        RunRecord r = new Runner(settings(4), jdks("SCORE=100\n", "SCORE=80\n"), out, "run-1", listener).run();

        assertThat(r.status()).isEqualTo(RunRecord.Status.COMPLETE);
        assertThat(r.benchmarks()).containsExactly(FakeJdk.ALPHA, FakeJdk.BETA);
        assertThat(r.plannedForks()).isEqualTo(16);
        assertThat(order(r, FakeJdk.ALPHA)).isEqualTo("abbaabba");
        assertThat(order(r, FakeJdk.BETA)).isEqualTo("abbaabba");
        assertThat(r.forks()).allSatisfy(f -> {
            assertThat(f.status()).isEqualTo("OK");
            assertThat(out.resolve(f.rawJson())).isRegularFile();
            assertThat(out.resolve(f.log())).content().contains("# Benchmark: " + f.benchmark());
            assertThat(f.results()).hasSize(1);
            RunRecord.Measurement m = f.results().get(0);
            assertThat(m.score())
                    .isCloseTo(f.jdk().equals("a") ? 100 : 80, org.assertj.core.data.Percentage.withPercentage(1));
            assertThat(m.cpuNanosPerOp())
                    .isCloseTo(m.score() * 900, org.assertj.core.data.Percentage.withPercentage(1));
            assertThat(m.allocBytesPerOp()).isEqualTo(1024.0);
            assertThat(m.peakRssKb()).isEqualTo(65536L);
        });
        assertThat(events).hasSize(16).endsWith("16/16");
        // run.json on disk is the same record
        RunRecord onDisk = Json.read(out.resolve("run.json"), RunRecord.class, "run");
        assertThat(onDisk.status()).isEqualTo(RunRecord.Status.COMPLETE);
        assertThat(onDisk.forks()).hasSize(16);
        assertThat(onDisk.environment().cores()).isPositive();
        assertThat(out.resolve("profiler/verdict-jmh-profiler.jar")).isRegularFile();

        // b is 20 % faster in every fork: with 4 forks per JDK that is significant, and it is reported
        Reports.Written w = RunCommand.compareAndReport(onDisk, out.resolve("run.json"), out, Comparer.defaults())
                .get(0);
        Comparison c = Json.read(w.json(), Comparison.class, "comparison");
        assertThat(c.benchmarks())
                .extracting(Comparison.BenchmarkComparison::classification)
                .containsOnly(Classification.BETTER);
        assertThat(c.benchmarks().get(0).score().ratio()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(0.01));
        assertThat(c.complete()).isTrue();
    }

    @Test
    void aBenchmarkThatFailsOnOneJdkIsUnsupportedThereAndTheRestGoesOn() throws Exception {
        Path out = tmp.resolve("out");
        List<LabelledJdk> jdks = jdks("", "FAIL='beta'\n");
        RunRecord r = new Runner(settings(4), jdks, out, "run-2", ProgressListener.NONE).run();

        assertThat(r.status()).isEqualTo(RunRecord.Status.COMPLETE);
        List<RunRecord.ForkRecord> betaOnB = r.forks().stream()
                .filter(f -> f.benchmark().equals(FakeJdk.BETA) && f.jdk().equals("b"))
                .toList();
        assertThat(betaOnB)
                .extracting(RunRecord.ForkRecord::status)
                .containsExactly("FAILED", "SKIPPED", "SKIPPED", "SKIPPED");
        assertThat(betaOnB.get(0).error()).contains("not on this fake JDK");
        assertThat(r.forks().stream()
                        .filter(f ->
                                !f.benchmark().equals(FakeJdk.BETA) || f.jdk().equals("a")))
                .allMatch(f -> f.status().equals("OK"));
        // the skipped forks did not run: b ran alpha 4 times and beta once
        assertThat(FakeJdk.runs(Path.of(jdks.get(1).jdk().home()))).isEqualTo(5);

        Comparison c = Comparer.compare(
                dev.verdict.bench.compare.ResultSets.fromRun(r, out.resolve("run.json"))
                        .get(0),
                dev.verdict.bench.compare.ResultSets.fromRun(r, out.resolve("run.json"))
                        .get(1),
                Comparer.defaults());
        Comparison.BenchmarkComparison beta = c.benchmarks().stream()
                .filter(b -> b.key().equals(FakeJdk.BETA))
                .findFirst()
                .orElseThrow();
        assertThat(beta.classification()).isEqualTo(Classification.UNSUPPORTED);
        assertThat(beta.detail()).startsWith("unsupported on b").contains("not on this fake JDK");
        assertThat(c.classifications()).containsEntry("unsupported", 1);
    }

    @Test
    void corruptedJmhJsonFailsTheForkWithAnErrorNamingTheFile() throws Exception {
        Path out = tmp.resolve("out");
        RunRecord r = new Runner(settings(2), jdks("", "CORRUPT=1\n"), out, "run-3", ProgressListener.NONE).run();
        RunRecord.ForkRecord first =
                r.forks().stream().filter(f -> f.jdk().equals("b")).findFirst().orElseThrow();
        assertThat(first.status()).isEqualTo("FAILED");
        assertThat(first.error()).startsWith("corrupted JMH JSON in " + out.resolve(first.rawJson()) + ": line ");
    }

    @Test
    void ctrlCKillsTheRunningForkAndKeepsThePartialResultsMarkedIncomplete() throws Exception {
        Path out = tmp.resolve("out");
        // b's third JMH invocation (schedule position 6: a b b a a [b]) hangs like a stuck benchmark
        List<LabelledJdk> jdks = jdks("", "HANG_FROM=3\n");
        Path bHome = Path.of(jdks.get(1).jdk().home());
        Runner runner = new Runner(settings(4), jdks, out, "run-4", ProgressListener.NONE);
        List<Reports.Written> written = new ArrayList<>();
        RunSession session = new RunSession(
                runner,
                rec -> written.addAll(RunCommand.compareAndReport(rec, runner.runFile(), out, Comparer.defaults())));
        AtomicReference<RunRecord> result = new AtomicReference<>();
        Thread main = new Thread(() -> result.set(session.execute()));
        main.start();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(FakeJdk.runs(bHome)).isGreaterThanOrEqualTo(3));
        assertThat(FakeJdk.runs(bHome)).isEqualTo(3);
        Thread.sleep(200);

        long t0 = System.nanoTime();
        session.interrupt("interrupted (Ctrl-C / SIGTERM)"); // what the shutdown hook runs
        long hookMillis = (System.nanoTime() - t0) / 1_000_000;
        main.join(10_000);

        assertThat(main.isAlive()).isFalse();
        assertThat(hookMillis).as("the hung fork was killed, not waited for").isLessThan(10_000);
        assertThat(ProcessHandle.of(FakeJdk.hangPid(bHome))
                        .map(ProcessHandle::isAlive)
                        .orElse(false))
                .isFalse();
        RunRecord r = result.get();
        assertThat(r.status()).isEqualTo(RunRecord.Status.INTERRUPTED);
        assertThat(r.statusDetail()).contains("5 of 16 forks completed").contains("marked incomplete");
        assertThat(r.forks()).hasSize(5).allMatch(f -> f.status().equals("OK"));
        RunRecord onDisk = Json.read(out.resolve("run.json"), RunRecord.class, "run");
        assertThat(onDisk.status()).isEqualTo(RunRecord.Status.INTERRUPTED);
        assertThat(onDisk.finishedAt()).isNotNull();
        assertThat(written).hasSize(1);
        assertThat(written.get(0).markdown()).content().contains("**INCOMPLETE**");
        assertThat(Json.read(written.get(0).json(), Comparison.class, "comparison")
                        .complete())
                .isFalse();
    }
}
