package dev.verdict.bench.compare;

import static dev.verdict.bench.compare.Samples.around;
import static dev.verdict.bench.compare.Samples.bench;
import static dev.verdict.bench.compare.Samples.map;
import static dev.verdict.bench.compare.Samples.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.bench.BenchException;
import dev.verdict.stats.bootstrap.Bootstrap;
import dev.verdict.stats.bootstrap.BootstrapResult;
import dev.verdict.stats.descriptive.GeometricMean;
import dev.verdict.stats.multiple.MultipleTesting;
import dev.verdict.stats.rank.MannWhitney;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ComparerTest {

    static double[] arr(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void eachBenchmarkIsTheLibsStatsBootstrapAndMannWhitneyOfItsForkSamples() {
        List<Double> base = around(100, 0.02, 5);
        List<Double> cand = around(80, 0.02, 5);
        List<Double> baseCpu = around(90_000, 0.02, 5);
        List<Double> candCpu = around(70_000, 0.02, 5);
        ResultSet a = set("jdk17", 17, map(bench("x.A.m", "us/op", base, baseCpu)));
        ResultSet b = set("jdk25", 25, map(bench("x.A.m", "us/op", cand, candCpu)));
        Comparison.StatsSettings s = Comparer.defaults();

        Comparison c = Comparer.compare(a, b, s);

        Comparison.Effect e = c.benchmarks().get(0).score();
        BootstrapResult expected = Bootstrap.ratioOfMeans(
                arr(cand),
                arr(base),
                new Bootstrap.Options(
                        s.resamples(), s.ciLevel(), Comparer.seed(s.seed(), "x.A.m"), Bootstrap.Interval.BCA));
        assertThat(e.ratio()).isEqualTo(expected.estimate());
        assertThat(e.ciLower()).isEqualTo(expected.confidenceInterval().lower());
        assertThat(e.ciUpper()).isEqualTo(expected.confidenceInterval().upper());
        assertThat(e.pValue()).isEqualTo(MannWhitney.test(arr(cand), arr(base)).pValue());
        assertThat(e.pValue()).isEqualTo(2.0 / 252); // exact: complete separation of 5 vs 5
        assertThat(e.baselineN()).isEqualTo(5);
        assertThat(c.benchmarks().get(0).classification()).isEqualTo(Classification.BETTER);
        assertThat(c.benchmarks().get(0).cpuPerOp().classification()).isEqualTo(Classification.BETTER);
        assertThat(c.benchmarks().get(0).timeRatio()).isEqualTo(e.ratio());
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
        assertThat(thrpt.timeRatio()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(slow.classification()).isEqualTo(Classification.WORSE);
        assertThat(thrpt.cpuPerOp()).isNull();
    }

    @Test
    void aSignificantButTinyChangeIsNoSignificantChange() {
        // 1 % faster in every fork: statistically clear, practically below the 3 % threshold
        ResultSet a = set("a", 17, map(bench("x.A.m", "us/op", around(100, 0.001, 5), List.of())));
        ResultSet b = set("b", 25, map(bench("x.A.m", "us/op", around(99, 0.001, 5), List.of())));
        Comparison c = Comparer.compare(a, b, Comparer.defaults());
        assertThat(c.benchmarks().get(0).score().pAdjusted()).isLessThan(0.05);
        assertThat(c.benchmarks().get(0).score().ciUpper()).isLessThan(1.0);
        assertThat(c.benchmarks().get(0).classification()).isEqualTo(Classification.NO_SIGNIFICANT_CHANGE);
        Comparison.StatsSettings s = Comparer.defaults();
        Comparison.StatsSettings half = new Comparison.StatsSettings(
                s.alpha(), 0.005, s.ciLevel(), s.resamples(), s.seed(), s.pAdjust(), s.minForks(), s.maxCv());
        assertThat(Comparer.compare(a, b, half).benchmarks().get(0).classification())
                .isEqualTo(Classification.BETTER);
    }

    @Test
    void pValuesAreAdjustedOverTheSuiteWithBenjaminiHochberg() {
        List<ResultSet.Samples> base = new ArrayList<>();
        List<ResultSet.Samples> cand = new ArrayList<>();
        double[] shifts = {0.80, 0.97, 1.0, 1.02, 1.10};
        for (int i = 0; i < shifts.length; i++) {
            base.add(bench("x.B.m" + i, "us/op", around(100, 0.05, 4), List.of()));
            cand.add(bench("x.B.m" + i, "us/op", around(100 * shifts[i], 0.05, 4), List.of()));
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
        assertThat(c.benchmarks().get(0).score().method()).contains("adjusted (bh) over 5 benchmarks");
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
                        bench("x.C.ok", "us/op", around(100, 0.01, 4), List.of()),
                        bench("x.C.fails", "us/op", around(100, 0.01, 4), List.of()),
                        bench("x.C.one", "us/op", List.of(100.0), List.of())));
        ResultSet b = set(
                "b",
                25,
                map(
                        bench("x.C.ok", "us/op", around(100, 0.01, 4), List.of()),
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
                .containsEntry("no-significant-change", 1);
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
        Comparison other = Comparer.compare(
                a,
                b,
                new Comparison.StatsSettings(
                        s.alpha(),
                        s.threshold(),
                        s.ciLevel(),
                        s.resamples(),
                        s.seed() + 1,
                        s.pAdjust(),
                        s.minForks(),
                        s.maxCv()));
        assertThat(other.contentHash()).isNotEqualTo(c1.contentHash());
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
     * The noise handling, simulated: 100 A/A comparisons of 21 benchmarks (both sides draw from the same
     * distribution: 5 % fork-to-fork noise, 4 forks each, now and then a fork 30 % slower). At least 95 % must come
     * out "no significant change"; without the suite-wide p-value correction more would be called changed.
     */
    @Test
    void anAaComparisonRarelyCallsAChange() {
        Comparison.StatsSettings bh = Comparer.defaults();
        Comparison.StatsSettings none = new Comparison.StatsSettings(
                bh.alpha(), bh.threshold(), bh.ciLevel(), bh.resamples(), bh.seed(), "none", bh.minForks(), bh.maxCv());
        SplittableRandom rnd = new SplittableRandom(42);
        int benchmarks = 0;
        int unchangedBh = 0;
        int unchangedNone = 0;
        for (int run = 0; run < 100; run++) {
            List<ResultSet.Samples> a = new ArrayList<>();
            List<ResultSet.Samples> b = new ArrayList<>();
            for (int i = 0; i < 21; i++) {
                double center = 10 + rnd.nextDouble() * 1000;
                a.add(bench("aa.B.m" + i, "us/op", noisy(rnd, center, 4), List.of()));
                b.add(bench("aa.B.m" + i, "us/op", noisy(rnd, center, 4), List.of()));
            }
            ResultSet sa = set("a", 17, map(a.toArray(ResultSet.Samples[]::new)));
            ResultSet sb = set("b", 17, map(b.toArray(ResultSet.Samples[]::new)));
            benchmarks += 21;
            unchangedBh += Comparer.compare(sa, sb, bh).classifications().get("no-significant-change");
            unchangedNone += Comparer.compare(sa, sb, none).classifications().get("no-significant-change");
        }
        assertThat((double) unchangedBh / benchmarks).isGreaterThanOrEqualTo(0.95);
        assertThat(unchangedNone).isLessThan(unchangedBh);
    }

    private static List<Double> noisy(SplittableRandom rnd, double center, int n) {
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x = center * Math.exp(0.05 * gaussian(rnd));
            if (rnd.nextDouble() < 0.05) {
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
