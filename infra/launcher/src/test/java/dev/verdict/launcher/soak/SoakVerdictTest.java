package dev.verdict.launcher.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The soak's three rules, on figures built to pass or to fail each of them. */
class SoakVerdictTest {

    /** 10 minutes of samples every 5 s: catalog's RSS from {@code startMib}, growing linearly to {@code endMib}. */
    static List<Sampler.Sample> samples(double startMib, double endMib) {
        List<Sampler.Sample> out = new ArrayList<>();
        for (int s = 0; s <= 600; s += 5) {
            double mib = startMib + (endMib - startMib) * s / 600.0;
            out.add(new Sampler.Sample(
                    s,
                    Map.of("catalog-service", (long) (mib * 1024), "kafka", (long) (400 * 1024 + s * 1024L)),
                    1.5,
                    0.6,
                    0.5));
        }
        return out;
    }

    /** 10 full minutes and a partial 11th of latencies around {@code ms}, the minutes from {@code stepAt} on × step. */
    static Map<String, List<Histogram>> latencies(double ms, int stepAt, double step) {
        Random r = new Random(7);
        List<Histogram> minutes = new ArrayList<>();
        for (int m = 0; m <= 10; m++) {
            Histogram h = new Histogram(OpenLoop.MAX_MICROS, 3);
            for (int i = 0; i < 600; i++) {
                double v = ms * (m >= stepAt ? step : 1) * (0.5 + r.nextDouble());
                h.recordValue((long) (v * 1000));
            }
            minutes.add(h);
        }
        return Map.of("catalog-service", minutes);
    }

    @Test
    void aSteadyRunPasses() {
        SoakVerdict.Result r =
                SoakVerdict.evaluate(120, samples(200, 205), Set.of("catalog-service"), latencies(5, 99, 1), 0);

        assertThat(r.checks()).allMatch(SoakVerdict.Check::passed);
        assertThat(r.passed()).isTrue();
        // kafka grew by far more than 10 %, but only the gated components are goals
        assertThat(r.table()).contains("kafka").contains("(reported, not a goal)");
    }

    @Test
    void memoryGrowingMoreThanTenPercentAfterTheWarmUpFails() {
        // 200 -> 240 MiB over the run: ~ 212 MiB after the warm-up, ~ 238 at the end (+12 %)
        SoakVerdict.Result r =
                SoakVerdict.evaluate(120, samples(200, 240), Set.of("catalog-service"), latencies(5, 99, 1), 0);

        assertThat(r.passed()).isFalse();
        assertThat(r.checks())
                .filteredOn(c -> !c.passed())
                .singleElement()
                .satisfies(c -> assertThat(c.what()).startsWith("RSS of catalog-service"));
    }

    @Test
    void growthDuringTheWarmUpDoesNotCount() {
        List<Sampler.Sample> s = new ArrayList<>();
        for (Sampler.Sample x : samples(200, 200)) {
            long kib = x.atSeconds() < 120 ? (long) (100 * 1024 + x.atSeconds() * 800) : 200 * 1024;
            s.add(new Sampler.Sample(x.atSeconds(), Map.of("catalog-service", kib), 1, 0.5, 0.4));
        }

        assertThat(SoakVerdict.evaluate(120, s, Set.of("catalog-service"), latencies(5, 99, 1), 0)
                        .passed())
                .isTrue();
    }

    @Test
    void aSingleErrorFails() {
        SoakVerdict.Result r =
                SoakVerdict.evaluate(120, samples(200, 201), Set.of("catalog-service"), latencies(5, 99, 1), 1);

        assertThat(r.passed()).isFalse();
        assertThat(r.checks())
                .filteredOn(c -> !c.passed())
                .extracting(SoakVerdict.Check::what)
                .containsExactly("0 errors");
    }

    @Test
    void aP99ThatDoublesInTheLastMinutesFails() {
        SoakVerdict.Result steady =
                SoakVerdict.evaluate(120, samples(200, 201), Set.of("catalog-service"), latencies(5, 99, 1), 0);
        SoakVerdict.Result stepped =
                SoakVerdict.evaluate(120, samples(200, 201), Set.of("catalog-service"), latencies(5, 7, 2), 0);

        assertThat(steady.passed()).isTrue();
        assertThat(stepped.passed()).isFalse();
        assertThat(stepped.checks())
                .filteredOn(c -> !c.passed())
                .singleElement()
                .satisfies(c -> assertThat(c.what()).startsWith("p99 of catalog-service steady"));
    }

    @Test
    void aGatedComponentWithoutSamplesFailsRatherThanPassingUnmeasured() {
        SoakVerdict.Result r =
                SoakVerdict.evaluate(120, samples(200, 201), Set.of("catalog-service", "ui"), latencies(5, 99, 1), 0);

        assertThat(r.checks())
                .filteredOn(c -> !c.passed())
                .extracting(SoakVerdict.Check::what)
                .containsExactly("RSS of ui measured");
    }
}
