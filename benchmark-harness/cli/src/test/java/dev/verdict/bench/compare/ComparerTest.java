package dev.verdict.bench.compare;

import static dev.verdict.bench.compare.Samples.around;
import static dev.verdict.bench.compare.Samples.bench;
import static dev.verdict.bench.compare.Samples.map;
import static dev.verdict.bench.compare.Samples.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.verdict.bench.BenchException;
import dev.verdict.stats.ConfidenceInterval;
import dev.verdict.stats.descriptive.Descriptive;
import dev.verdict.stats.descriptive.GeometricMean;
import dev.verdict.stats.multiple.MultipleTesting;
import dev.verdict.stats.sequential.MarginDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ComparerTest {

    static double[] logs(List<Double> l) {
        return l.stream().mapToDouble(Math::log).toArray();
    }

    static Comparison.StatsSettings margin(double m) {
        Comparison.StatsSettings s = Comparer.defaults();
        return new Comparison.StatsSettings(s.alpha(), m, s.ciLevel(), s.pAdjust(), s.minForks(), s.maxCv());
    }

    @Test
    void eachBenchmarkIsTheMarginDecisionOfItsLogForkSamples() {
        List<Double> base = around(100, 0.02, 5);
        List<Double> cand = around(80, 0.02, 5);
        List<Double> baseCpu = around(90_000, 0.02, 5);
        List<Double> candCpu = around(70_000, 0.02, 5);
        ResultSet a = set("jdk17", 17, map(bench("x.A.m", "us/op", base, baseCpu)));
        ResultSet b = set("jdk25", 25, map(bench("x.A.m", "us/op", cand, candCpu)));
        Comparison.StatsSettings s = Comparer.defaults();

        Comparison c = Comparer.compare(a, b, s);

        Comparison.Effect e = c.benchmarks().get(0).score();
        double[] x = logs(cand);
        double[] y = logs(base);
        double d = Descriptive.mean(x) - Descriptive.mean(y);
        double vx = Descriptive.variance(x) / 5;
        double vy = Descriptive.variance(y) / 5;
        double se = Math.sqrt(vx + vy);
        double df = (vx + vy) * (vx + vy) / (vx * vx / 4 + vy * vy / 4);
        MarginDecision md = MarginDecision.of(Math.log1p(0.03));
        // one benchmark, decided: BH leaves its level at 1 - alpha
        ConfidenceInterval ci = md.interval(d, se, df, 0.95);
        assertThat(e.ratio()).isCloseTo(Math.exp(d), offset(1e-12));
        assertThat(e.ciLower()).isCloseTo(Math.exp(ci.lower()), offset(1e-12));
        assertThat(e.ciUpper()).isCloseTo(Math.exp(ci.upper()), offset(1e-12));
        assertThat(e.ciLevel()).isEqualTo(0.95);
        assertThat(e.pValue()).isCloseTo(md.pValue(d, se, df), offset(1e-15));
        assertThat(e.baselineN()).isEqualTo(5);
        assertThat(e.forksNeeded()).isNull();
        assertThat(c.benchmarks().get(0).classification()).isEqualTo(Classification.BETTER);
        assertThat(c.benchmarks().get(0).cpuPerOp().classification()).isEqualTo(Classification.BETTER);
        assertThat(c.benchmarks().get(0).timeRatio()).isEqualTo(e.ratio());
        assertThat(e.method()).contains("anytime-valid", "margin +-3 %", "t-corrected");
    }

    @Test
    void betterOrWorseFollowsTheUnitDirection() {
        // throughput: higher is better, so a higher candidate score is better and its time ratio is inverted
        ResultSet a = set(
                "a",
                17,
                map(
                        bench("t.T.thrpt", "ops/ms", around(100, 0.01, 5), List.of()),
                        bench("t.T.slow", "us/op", around(100, 0.01, 5), List.of())));
        ResultSet b = set(
                "b",
                25,
                map(
                        bench("t.T.thrpt", "ops/ms", around(125, 0.01, 5), List.of()),
                        bench("t.T.slow", "us/op", around(125, 0.01, 5), List.of())));
        Comparison c = Comparer.compare(a, b, Comparer.defaults());
        Comparison.BenchmarkComparison thrpt = c.benchmarks().get(0);
        Comparison.BenchmarkComparison slow = c.benchmarks().get(1);
        assertThat(thrpt.higherIsBetter()).isTrue();
        assertThat(thrpt.classification()).isEqualTo(Classification.BETTER);
        assertThat(thrpt.timeRatio()).isCloseTo(0.8, offset(1e-3));
        assertThat(slow.classification()).isEqualTo(Classification.WORSE);
        assertThat(thrpt.cpuPerOp()).isNull();
    }

    @Test
    void aClearButSmallChangeIsEquivalentWithinTheMargin() {
        // 1 % faster in every fork: clearly not 1.0, but inside +-3 %: equivalent; against a 0.5 % margin, better
        ResultSet a = set("a", 17, map(bench("x.A.m", "us/op", around(100, 0.001, 5), List.of())));
        ResultSet b = set("b", 25, map(bench("x.A.m", "us/op", around(99, 0.001, 5), List.of())));
        Comparison c = Comparer.compare(a, b, Comparer.defaults());
        assertThat(c.benchmarks().get(0).score().ciUpper()).isLessThan(1.0);
        assertThat(c.benchmarks().get(0).classification()).isEqualTo(Classification.EQUIVALENT);
        assertThat(Comparer.compare(a, b, margin(0.005)).benchmarks().get(0).classification())
                .isEqualTo(Classification.BETTER);
    }

    @Test
    void anUndecidedBenchmarkSaysHowManyForksWouldTellAndThatManyDo() {
        // 8 % slower with 6 % fork noise: 4 forks cannot show "worse by more than 3 %"
        List<Double> base = around(100, 0.06, 4);
        List<Double> cand = around(108, 0.06, 4);
        Comparison c = Comparer.compare(
                set("a", 17, map(bench("x.U.m", "us/op", base, List.of()))),
                set("b", 25, map(bench("x.U.m", "us/op", cand, List.of()))),
                Comparer.defaults());
        Comparison.Effect e = c.benchmarks().get(0).score();
        assertThat(e.classification()).isEqualTo(Classification.UNDECIDED);
        assertThat(e.forksNeeded()).isBetween(5, 100);
        assertThat(c.classifications()).containsEntry("undecided", 1);
        // the same spread with the forks it asked for: decided, and the way the estimate pointed
        int n = e.forksNeeded() + 2;
        Comparison more = Comparer.compare(
                set("a", 17, map(bench("x.U.m", "us/op", around(100, 0.06, n), List.of()))),
                set("b", 25, map(bench("x.U.m", "us/op", around(108, 0.06, n), List.of()))),
                Comparer.defaults());
        assertThat(more.benchmarks().get(0).classification()).isEqualTo(Classification.WORSE);
    }

    @Test
    void decisionsAreAdjustedOverTheSuiteWithBenjaminiHochberg() {
        List<ResultSet.Samples> base = new ArrayList<>();
        List<ResultSet.Samples> cand = new ArrayList<>();
        double[] shifts = {0.80, 0.97, 1.0, 1.02, 1.10};
        for (int i = 0; i < shifts.length; i++) {
            base.add(bench("x.B.m" + i, "us/op", around(100, 0.03, 6), List.of()));
            cand.add(bench("x.B.m" + i, "us/op", around(100 * shifts[i], 0.03, 6), List.of()));
        }
        Comparison c = Comparer.compare(
                set("a", 17, map(base.toArray(ResultSet.Samples[]::new))),
                set("b", 25, map(cand.toArray(ResultSet.Samples[]::new))),
                Comparer.defaults());
        double[] raw =
                c.benchmarks().stream().mapToDouble(b -> b.score().pValue()).toArray();
        double[] adjusted =
                c.benchmarks().stream().mapToDouble(b -> b.score().pAdjusted()).toArray();
        assertThat(adjusted).containsExactly(MultipleTesting.benjaminiHochberg(raw));
        int decided = MultipleTesting.rejected(adjusted, 0.05).length;
        double level = 1 - Math.max(1, decided) * 0.05 / 5;
        assertThat(c.benchmarks())
                .allSatisfy(b -> assertThat(b.score().ciLevel()).isEqualTo(level));
        assertThat(c.benchmarks().get(0).score().method())
                .contains("Benjamini-Hochberg over 5 benchmarks (" + decided + " decided)");
        for (Comparison.BenchmarkComparison b : c.benchmarks()) {
            boolean rejected = b.score().pAdjusted() <= 0.05;
            assertThat(b.classification() != Classification.UNDECIDED).isEqualTo(rejected);
        }
        assertThat(c.benchmarks().get(0).classification()).isEqualTo(Classification.BETTER);
    }

    @Test
    void unsupportedAndInsufficientBenchmarksAreReportedNotDropped() {
        ResultSet.Samples failed = new ResultSet.Samples(
                "x.C.fails",
                "x.C.fails",
                Map.of(),
                "avgt",
                "us/op",
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                4,
                List.of("fork 1 failed: NoSuchMethodError"),
                null);
        ResultSet a = set(
                "a",
                17,
                map(
                        bench("x.C.ok", "us/op", around(100, 0.005, 6), List.of()),
                        bench("x.C.fails", "us/op", around(100, 0.01, 4), List.of()),
                        bench("x.C.one", "us/op", List.of(100.0), List.of())));
        ResultSet b = set(
                "b",
                25,
                map(
                        bench("x.C.ok", "us/op", around(100, 0.005, 6), List.of()),
                        failed,
                        bench("x.C.one", "us/op", List.of(90.0), List.of())));
        Comparison c = Comparer.compare(a, b, Comparer.defaults());
        Comparison.BenchmarkComparison fails = c.benchmarks().get(1);
        assertThat(fails.classification()).isEqualTo(Classification.UNSUPPORTED);
        assertThat(fails.detail()).isEqualTo("unsupported on b (fork 1 failed: NoSuchMethodError)");
        assertThat(fails.score()).isNull();
        Comparison.BenchmarkComparison one = c.benchmarks().get(2);
        assertThat(one.classification()).isEqualTo(Classification.INSUFFICIENT_DATA);
        assertThat(one.score().ratio()).isEqualTo(0.9);
        assertThat(one.score().ciLower()).isNull();
        assertThat(c.classifications())
                .containsEntry("unsupported", 1)
                .containsEntry("insufficient-data", 1)
                .containsEntry("equivalent", 1);
        assertThat(one.gates()).anyMatch(g -> g.name().equals("forks") && !g.passed());
    }

    @Test
    void theSuiteGeometricMeanIsLibsStatsOnTheTimeRatios() {
        ResultSet a = set(
                "a",
                17,
                map(
                        bench("x.D.a", "us/op", around(100, 0.02, 5), around(1000, 0.02, 5)),
                        bench("x.D.b", "ops/s", around(50, 0.02, 5), around(2000, 0.02, 5)),
                        bench("x.D.c", "us/op", around(10, 0.02, 5), around(3000, 0.02, 5))));
        ResultSet b = set(
                "b",
                25,
                map(
                        bench("x.D.a", "us/op", around(90, 0.02, 5), around(900, 0.02, 5)),
                        bench("x.D.b", "ops/s", around(60, 0.02, 5), around(1800, 0.02, 5)),
                        bench("x.D.c", "us/op", around(10.1, 0.02, 5), around(3100, 0.02, 5))));
        Comparison c = Comparer.compare(a, b, Comparer.defaults());
        Comparison.Overall time = c.overall().get(0);
        double[] ratios = c.benchmarks().stream()
                .mapToDouble(Comparison.BenchmarkComparison::timeRatio)
                .toArray();
        GeometricMean.Result g = GeometricMean.ofRatios(ratios, 0.95);
        assertThat(time.metric()).isEqualTo("time-per-op");
        assertThat(time.estimate()).isEqualTo(g.estimate());
        assertThat(time.ciLower()).isEqualTo(g.confidenceInterval().lower());
        assertThat(time.n()).isEqualTo(3);
        // the throughput benchmark's ratio enters inverted: 50/60
        assertThat(ratios[1]).isCloseTo(50.0 / 60, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.overall().get(1).metric()).isEqualTo("cpu-time-per-op");
        assertThat(c.overall().get(1).n()).isEqualTo(3);
    }

    @Test
    void theSameInputGivesTheSameComparisonAndHash() {
        ResultSet a = set("a", 17, map(bench("x.E.m", "us/op", around(100, 0.03, 5), around(900, 0.03, 5))));
        ResultSet b = set("b", 25, map(bench("x.E.m", "us/op", around(97, 0.03, 5), around(880, 0.03, 5))));
        Comparison c1 = Comparer.compare(a, b, Comparer.defaults());
        Comparison c2 = Comparer.compare(a, b, Comparer.defaults());
        assertThat(c1.contentHash()).isEqualTo(c2.contentHash()).hasSize(64);
        assertThat(c1.benchmarks()).isEqualTo(c2.benchmarks());
        Comparison.StatsSettings s = Comparer.defaults();
        Comparison other = Comparer.compare(a, b, margin(s.margin() + 0.01));
        assertThat(other.contentHash()).isNotEqualTo(c1.contentHash());
    }

    @Test
    void theMachineLoadGateIsWhatOtherProcessesUsedAndNamesThem() {
        ResultSet a = set("a", 17, map(bench("x.G.m", "us/op", around(100, 0.01, 5), List.of())));
        ResultSet b = set("b", 25, map(bench("x.G.m", "us/op", around(100, 0.01, 5), List.of())));
        List<dev.verdict.bench.run.RunRecord.Competitor> top = List.of(
                new dev.verdict.bench.run.RunRecord.Competitor(4242, "java", "build", 300.0, 0.9),
                new dev.verdict.bench.run.RunRecord.Competitor(77, "java", "platform service", 6.0, 0.02));
        Comparison quiet = Comparer.compare(withCompeting(a, List.of(0.01, 0.02, 0.05), top), b, Comparer.defaults());
        Comparison busy = Comparer.compare(withCompeting(a, List.of(0.9, 1.1, 0.2, 1.0), top), b, Comparer.defaults());
        Comparison.Gate q = gate(quiet, "machine-load");
        Comparison.Gate g = gate(busy, "machine-load");
        assertThat(q.passed()).isTrue();
        assertThat(q.detail()).contains("0.02 CPUs (median)");
        assertThat(g.passed()).isFalse();
        assertThat(g.detail())
                .contains("java (build, pid 4242) 0.90 CPUs")
                .contains("A build ran beside the benchmarks: run again when it has finished");
        // without readings (plain JMH JSON) the load average decides, as before
        assertThat(gate(Comparer.compare(a, b, Comparer.defaults()), "machine-load")
                        .detail())
                .startsWith("highest 1-minute load average");
    }

    private static ResultSet withCompeting(
            ResultSet r, List<Double> competing, List<dev.verdict.bench.run.RunRecord.Competitor> top) {
        return new ResultSet(
                r.label(),
                r.jdk(),
                r.environment(),
                r.runId(),
                r.source(),
                r.complete(),
                r.statusDetail(),
                r.config(),
                r.windowStart(),
                r.windowEnd(),
                r.alternated(),
                r.maxLoad(),
                r.benchmarks(),
                competing,
                top);
    }

    private static Comparison.Gate gate(Comparison c, String name) {
        return c.gates().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void differentUnitsOrSameLabelsCannotBeCompared() {
        ResultSet a = set("a", 17, map(bench("x.F.m", "us/op", around(100, 0.03, 4), List.of())));
        ResultSet b = set("b", 25, map(bench("x.F.m", "ms/op", around(100, 0.03, 4), List.of())));
        assertThatThrownBy(() -> Comparer.compare(a, b, Comparer.defaults()))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("x.F.m is in us/op on a but in ms/op on b");
        assertThatThrownBy(() -> Comparer.compare(a, a, Comparer.defaults())).hasMessageContaining("both labelled 'a'");
    }

    /**
     * The noise handling, simulated: A/A comparisons of 21 benchmarks whose both sides draw from the same
     * distribution, 2 % fork-to-fork noise, 12 forks each. Clean, nearly all are equivalent within +-5 %. With one fork
     * in 20 30 % slower (a fork that lost the JIT lottery) equivalence can rarely be shown, but still at most 5 % of
     * the benchmarks may be called better or worse.
     */
    @Test
    void anAaComparisonAlmostNeverCallsAChangeAndMostlyCallsEquivalence() {
        int[] clean = aa(50, 0.0, 1);
        int[] withSlowForks = aa(50, 0.05, 2);
        int benchmarks = 50 * 21;
        assertThat((double) clean[0] / benchmarks).isLessThanOrEqualTo(0.05);
        assertThat((double) clean[1] / benchmarks).isGreaterThan(0.9);
        assertThat((double) withSlowForks[0] / benchmarks).isLessThanOrEqualTo(0.05);
        assertThat(withSlowForks[1]).isLessThan(clean[1]);
    }

    /** {changed, equivalent} over {@code runs} seeded A/A suites. */
    private static int[] aa(int runs, double slowForks, long seed) {
        Comparison.StatsSettings s = margin(0.05);
        SplittableRandom rnd = new SplittableRandom(seed);
        int changed = 0;
        int equivalent = 0;
        for (int run = 0; run < runs; run++) {
            List<ResultSet.Samples> a = new ArrayList<>();
            List<ResultSet.Samples> b = new ArrayList<>();
            for (int i = 0; i < 21; i++) {
                double center = 10 + rnd.nextDouble() * 1000;
                a.add(bench("aa.B.m" + i, "us/op", noisy(rnd, center, 12, slowForks), List.of()));
                b.add(bench("aa.B.m" + i, "us/op", noisy(rnd, center, 12, slowForks), List.of()));
            }
            Map<String, Integer> counts = Comparer.compare(
                            set("a", 17, map(a.toArray(ResultSet.Samples[]::new))),
                            set("b", 17, map(b.toArray(ResultSet.Samples[]::new))),
                            s)
                    .classifications();
            changed += counts.get("better") + counts.get("worse");
            equivalent += counts.get("equivalent");
        }
        return new int[] {changed, equivalent};
    }

    private static List<Double> noisy(SplittableRandom rnd, double center, int n, double slowForks) {
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x = center * Math.exp(0.02 * gaussian(rnd));
            if (rnd.nextDouble() < slowForks) {
                x *= 1.3; // a fork that lost the JIT lottery or met a noisy neighbour
            }
            v.add(x);
        }
        return v;
    }

    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}
