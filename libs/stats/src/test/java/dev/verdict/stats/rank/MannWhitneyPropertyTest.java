package dev.verdict.stats.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.stats.Alternative;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/** Properties of the Mann-Whitney / Hodges-Lehmann implementation over generated samples (with ties). */
class MannWhitneyPropertyTest {

    @Provide
    Arbitrary<double[]> samples() {
        // values on a coarse grid produce plenty of ties; sizes cover both the exact and the normal branch
        Arbitrary<Double> value = Arbitraries.integers().between(-50, 50).map(i -> i / 4.0);
        Arbitrary<Double> fine = Arbitraries.doubles().between(-1e3, 1e3);
        return Arbitraries.oneOf(value, fine).array(double[].class).ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 300)
    void swappingSamplesFlipsTheShift(@ForAll("samples") double[] x, @ForAll("samples") double[] y) {
        MannWhitneyResult xy = MannWhitney.test(x, y);
        MannWhitneyResult yx = MannWhitney.test(y, x);
        assertEquals(-xy.estimate(), yx.estimate() + 0.0, 0.0, "HL estimate is antisymmetric");
        assertEquals(xy.pValue(), yx.pValue(), 1e-12, "two-sided p-value is symmetric");
        assertEquals(xy.exact(), yx.exact());
        double scale = Math.max(1.0, Math.abs(xy.estimate()));
        assertEquals(-xy.confidenceInterval().upper(), yx.confidenceInterval().lower(), 1e-9 * scale + 1e-9);
        assertEquals(-xy.confidenceInterval().lower(), yx.confidenceInterval().upper(), 1e-9 * scale + 1e-9);
    }

    @Property(tries = 300)
    void intervalContainsEstimateAndPValueIsAProbability(@ForAll("samples") double[] x, @ForAll("samples") double[] y) {
        for (Alternative alternative : Alternative.values()) {
            MannWhitneyResult r =
                    MannWhitney.test(x, y, MannWhitney.Options.defaults().withAlternative(alternative));
            assertTrue(r.pValue() >= 0 && r.pValue() <= 1, "p in [0, 1]: " + r.pValue());
            assertTrue(r.confidenceInterval().contains(r.estimate()), r.toString());
            assertTrue(r.statistic() >= 0 && r.statistic() <= (double) x.length * y.length);
        }
    }

    @Property(tries = 200)
    void shiftingTheTreatmentShiftsTheEstimate(
            @ForAll("samples") double[] x,
            @ForAll("samples") double[] y,
            @ForAll @DoubleRange(min = -100, max = 100) double c) {
        double[] shifted = Arrays.stream(x).map(v -> v + c).toArray();
        MannWhitneyResult a = MannWhitney.test(x, y);
        MannWhitneyResult b = MannWhitney.test(shifted, y);
        double tol = 1e-9 * (1 + Math.abs(c) + Math.abs(a.estimate()));
        assertEquals(a.estimate() + c, b.estimate(), tol * 1e3);
    }

    @Property(tries = 100)
    void estimateIsTheMedianOfAllPairwiseDifferences(@ForAll("samples") double[] x, @ForAll("samples") double[] y) {
        double[] d = new double[x.length * y.length];
        int k = 0;
        for (double xi : x) {
            for (double yj : y) {
                d[k++] = xi - yj;
            }
        }
        Arrays.sort(d);
        double median = d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
        assertEquals(median, MannWhitney.test(x, y).estimate(), 0.0);
    }

    @Property(tries = 50)
    void pValuesAreRoughlyUniformUnderTheNull(@ForAll long seed) {
        // Type I error at 5 % stays near 5 % (a loose bound; 200 draws per try keep it cheap)
        Random random = new Random(seed);
        int rejections = 0;
        for (int i = 0; i < 200; i++) {
            double[] x = random.doubles(20).toArray();
            double[] y = random.doubles(15).toArray();
            if (MannWhitney.test(x, y).pValue() <= 0.05) {
                rejections++;
            }
        }
        assertTrue(rejections <= 25, "rejections under H0: " + rejections + " / 200");
    }
}
