package dev.verdict.stats.mean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.stats.Alternative;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class MeanPropertyTest {

    @Provide
    Arbitrary<double[]> samples() {
        return Arbitraries.doubles()
                .between(-1e4, 1e4)
                .array(double[].class)
                .ofMinSize(2)
                .ofMaxSize(60);
    }

    @Property(tries = 300)
    void welchIsAntisymmetricAndItsIntervalContainsTheEstimate(
            @ForAll("samples") double[] x, @ForAll("samples") double[] y) {
        MeanDifferenceResult xy = WelchTTest.test(x, y);
        MeanDifferenceResult yx = WelchTTest.test(y, x);
        assertEquals(xy.estimate(), -yx.estimate(), 0.0);
        assertEquals(xy.pValue(), yx.pValue(), 1e-12);
        for (Alternative a : Alternative.values()) {
            MeanDifferenceResult r = WelchTTest.test(x, y, a, 0.95);
            assertTrue(r.pValue() >= 0 && r.pValue() <= 1);
            assertTrue(r.confidenceInterval().contains(r.estimate()));
        }
    }

    @Property(tries = 300)
    void twoProportionResultsAreProbabilities(
            @ForAll @IntRange(min = 1, max = 5000) int n1,
            @ForAll @IntRange(min = 1, max = 5000) int n2,
            @ForAll @LongRange(min = 0, max = 5000) long s1,
            @ForAll @LongRange(min = 0, max = 5000) long s2) {
        long a = Math.min(s1, n1);
        long b = Math.min(s2, n2);
        ProportionTestResult r = TwoProportionZTest.test(a, n1, b, n2);
        assertTrue(r.pValue() >= 0 && r.pValue() <= 1);
        assertTrue(
                r.confidenceInterval().lower() >= -1 && r.confidenceInterval().upper() <= 1);
        assertTrue(r.confidenceInterval().contains(r.estimate()));
        ProportionTestResult swapped = TwoProportionZTest.test(b, n2, a, n1);
        assertEquals(r.pValue(), swapped.pValue(), 1e-12);
    }

    @Property(tries = 200)
    void liftIntervalContainsTheEstimate(@ForAll("samples") double[] t, @ForAll("samples") double[] c) {
        double[] control = java.util.Arrays.stream(c).map(v -> Math.abs(v) + 1).toArray();
        LiftResult r = RelativeLift.deltaMethod(t, control, 0.9);
        assertTrue(r.confidenceInterval().contains(r.estimate()));
        assertTrue(r.pValue() >= 0 && r.pValue() <= 1);
    }
}
