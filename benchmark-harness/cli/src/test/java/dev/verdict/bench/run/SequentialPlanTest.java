package dev.verdict.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.bench.FakeJdk;
import dev.verdict.bench.compare.Classification;
import dev.verdict.bench.compare.Comparer;
import dev.verdict.bench.compare.Comparison;
import dev.verdict.bench.compare.ResultSets;
import dev.verdict.jdks.JdkDiscovery;
import dev.verdict.jdks.JdkSelection.LabelledJdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budgeted sequential runs against fake JDKs (real processes, see {@link FakeJdk}): forks go only where the
 * comparison is undecided, and the run stops when everything is decided, at the maximum, or when the budget ends.
 */
class SequentialPlanTest {

    @TempDir
    Path tmp;

    private RunSettings settings(RunSettings.Sequential seq) throws Exception {
        Path jar = Files.writeString(tmp.resolve("benchmarks.jar"), "not read by the fake JDK");
        return new RunSettings(
                "test",
                ".*",
                jar.toString(),
                "0".repeat(64),
                seq.pilotForks(),
                1,
                10,
                2,
                10,
                "-Xmx64m",
                true,
                null,
                null,
                seq,
                null);
    }

    private List<LabelledJdk> jdks(String confA, String confB) throws Exception {
        Path a = FakeJdk.create(tmp, "jdk-a", "Acme", "17.0.1", confA);
        Path b = FakeJdk.create(tmp, "jdk-b", "Bcme", "25.0.1", confB);
        return List.of(new LabelledJdk("a", JdkDiscovery.inspect(a)), new LabelledJdk("b", JdkDiscovery.inspect(b)));
    }

    private RunRecord run(RunSettings.Sequential seq, String confA, String confB) throws Exception {
        Path out = tmp.resolve("out");
        SequentialPlan plan = new SequentialPlan(seq, 2, Comparer.defaults(), out.resolve("run.json"));
        return new Runner(settings(seq), jdks(confA, confB), out, "run-1", ProgressListener.NONE, plan).run();
    }

    private static long forks(RunRecord r, String benchmark, String jdk) {
        return r.forks().stream()
                .filter(f -> f.benchmark().equals(benchmark) && f.jdk().equals(jdk) && "OK".equals(f.status()))
                .count();
    }

    @Test
    void aClearDifferenceStopsAfterThePilotWhileACloseOneGetsMoreForks() throws Exception {
        // alpha: 30 % slower on b, decided by the pilot; beta: 3 % slower, on the 3 % margin: never decided
        RunRecord r = run(
                new RunSettings.Sequential(600, 3, 2, 7, "score"),
                "SCORE=100\nNOISE=0.002\nSCORE_BETA=100\n",
                "SCORE=130\nNOISE=0.002\nSCORE_BETA=103\n");

        assertThat(r.status()).isEqualTo(RunRecord.Status.COMPLETE);
        assertThat(forks(r, FakeJdk.ALPHA, "a")).isEqualTo(3);
        assertThat(forks(r, FakeJdk.ALPHA, "b")).isEqualTo(3);
        assertThat(forks(r, FakeJdk.BETA, "a")).isEqualTo(7);
        assertThat(forks(r, FakeJdk.BETA, "b")).isEqualTo(7);
        RunRecord.SequentialProgress p = r.sequential();
        assertThat(p.pilotForksNeeded().get(FakeJdk.ALPHA)).isZero();
        assertThat(p.pilotForksNeeded().get(FakeJdk.BETA)).isNotZero();
        assertThat(p.rounds()).hasSize(3); // the pilot and two rounds of 2 more forks for beta
        assertThat(p.rounds().get(1).benchmarks()).containsExactly(FakeJdk.BETA);
        assertThat(p.decided()).contains(FakeJdk.ALPHA);
        assertThat(p.undecided()).containsExactly(FakeJdk.BETA);
        assertThat(p.stopReason()).startsWith("max forks (7 per JDK)");
        // the forks alternate A B B A within each benchmark, rounds included
        String order = r.forks().stream()
                .filter(f -> f.benchmark().equals(FakeJdk.BETA))
                .map(RunRecord.ForkRecord::jdk)
                .reduce("", String::concat);
        assertThat(order).isEqualTo("abbaab" + "baab" + "baab");
        // and the comparison of the finished run says what the plan said
        Comparison c = Comparer.compare(
                ResultSets.fromRun(r, tmp.resolve("out/run.json")).get(0),
                ResultSets.fromRun(r, tmp.resolve("out/run.json")).get(1),
                Comparer.defaults());
        assertThat(c.benchmarks().get(0).classification()).isEqualTo(Classification.WORSE);
    }

    @Test
    void theBudgetEndsTheRunWithTheUndecidedNamed() throws Exception {
        // both benchmarks the same on both JDKs but very noisy: equivalence within 3 % needs far more forks than fit
        RunRecord r = run(
                new RunSettings.Sequential(4, 3, 2, 200, "score"), "SCORE=100\nNOISE=0.5\n", "SCORE=100\nNOISE=0.5\n");

        assertThat(r.status()).isEqualTo(RunRecord.Status.COMPLETE);
        RunRecord.SequentialProgress p = r.sequential();
        assertThat(p.stopReason()).startsWith("budget");
        assertThat(p.undecided()).isNotEmpty();
        long wall =
                r.forks().stream().mapToLong(RunRecord.ForkRecord::wallMillis).sum();
        // nothing started that was expected to end after the budget, so the run ends within it plus one fork
        long slowest = r.forks().stream()
                .mapToLong(RunRecord.ForkRecord::wallMillis)
                .max()
                .orElse(0);
        assertThat(wall).isLessThanOrEqualTo(4_000 + 2 * slowest);
    }
}
