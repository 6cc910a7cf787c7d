package dev.verdict.stats;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.stats.bootstrap.Bootstrap;
import dev.verdict.stats.cuped.Cuped;
import dev.verdict.stats.descriptive.Descriptive;
import dev.verdict.stats.descriptive.GeometricMean;
import dev.verdict.stats.descriptive.OutlierFilter;
import dev.verdict.stats.mean.RelativeLift;
import dev.verdict.stats.mean.TwoProportionZTest;
import dev.verdict.stats.mean.WelchTTest;
import dev.verdict.stats.multiple.MultipleTesting;
import dev.verdict.stats.rank.MannWhitney;
import dev.verdict.stats.sequential.ConfidenceSequence;
import dev.verdict.stats.srm.SampleRatioMismatch;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Bad input fails fast with an IllegalArgumentException whose message names the problem. */
class ValidationTest {

    static final double[] OK = {1, 2, 3, 4, 5};

    /** Every sample-taking entry point, called with the bad sample in first and in second position. */
    static final Map<String, Function<double[], Object>> FUNCTIONS = Map.ofEntries(
            Map.entry("MannWhitney x", b -> MannWhitney.test(b, OK)),
            Map.entry("MannWhitney y", b -> MannWhitney.test(OK, b)),
            Map.entry("Welch x", b -> WelchTTest.test(b, OK)),
            Map.entry("Welch y", b -> WelchTTest.test(OK, b)),
            Map.entry("Lift treatment", b -> RelativeLift.deltaMethod(b, OK, 0.95)),
            Map.entry("Lift control", b -> RelativeLift.deltaMethod(OK, b, 0.95)),
            Map.entry("Bootstrap treatment", b -> Bootstrap.ratioOfMeans(b, OK, Bootstrap.Options.defaults(1))),
            Map.entry("Bootstrap control", b -> Bootstrap.ratioOfMedians(OK, b, Bootstrap.Options.defaults(1))),
            Map.entry("Cuped y", b -> Cuped.compare(b, OK, OK, OK, Alternative.TWO_SIDED, 0.95)),
            Map.entry("Cuped x", b -> Cuped.compare(OK, OK, OK, b, Alternative.TWO_SIDED, 0.95)),
            Map.entry("mean", Descriptive::mean),
            Map.entry("variance", Descriptive::variance),
            Map.entry("percentile", b -> Descriptive.percentile(b, 0.5)),
            Map.entry("summarize", Descriptive::summarize),
            Map.entry("iqr filter", b -> OutlierFilter.iqr(b, 1.5)),
            Map.entry("k-sigma filter", b -> OutlierFilter.kSigma(b, 3)),
            Map.entry("geometric mean", b -> GeometricMean.ofRatios(b, 0.95)));

    static final Map<String, double[]> BAD = new java.util.LinkedHashMap<>();

    static {
        BAD.put("NaN", new double[] {1, Double.NaN, 3, 4, 5});
        BAD.put("Infinity", new double[] {1, 2, Double.POSITIVE_INFINITY, 4, 5});
        BAD.put("-Infinity", new double[] {Double.NEGATIVE_INFINITY, 2, 3, 4, 5});
        BAD.put("is empty", new double[0]);
        BAD.put("must not be null", null);
    }

    @TestFactory
    Stream<DynamicTest> everyFunctionRejectsBadSamples() {
        return FUNCTIONS.entrySet().stream()
                .flatMap(f -> BAD.entrySet().stream()
                        .map(bad -> DynamicTest.dynamicTest(f.getKey() + " with " + bad.getKey(), () -> {
                            IllegalArgumentException e = assertThrows(
                                    IllegalArgumentException.class,
                                    () -> f.getValue().apply(bad.getValue()));
                            assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
                        })));
    }

    @Test
    void messagesNameThePosition() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> MannWhitney.test(OK, new double[] {1, 2, Double.NaN}));
        assertTrue(e.getMessage().startsWith("y[2] is NaN"), e.getMessage());
    }

    @Test
    void methodsNeedingSpreadRejectSingleObservations() {
        for (Runnable r : List.<Runnable>of(
                () -> WelchTTest.test(new double[] {1}, OK),
                () -> Descriptive.variance(new double[] {1}),
                () -> RelativeLift.deltaMethod(OK, new double[] {3}, 0.95),
                () -> GeometricMean.ofRatios(new double[] {1.1}, 0.95))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
            assertTrue(e.getMessage().contains("at least 2 needed"), e.getMessage());
        }
    }

    @Test
    void otherInvalidArguments() {
        assertThrows(
                IllegalArgumentException.class,
                () -> MannWhitney.test(OK, OK, MannWhitney.Options.defaults().withConfidenceLevel(1.0)));
        assertThrows(IllegalArgumentException.class, () -> TwoProportionZTest.test(11, 10, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> TwoProportionZTest.test(1, 0, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> RelativeLift.deltaMethod(OK, new double[] {-1, 1}, 0.95));
        assertThrows(IllegalArgumentException.class, () -> SampleRatioMismatch.check(new long[] {5}, new double[] {1}));
        assertThrows(
                IllegalArgumentException.class,
                () -> SampleRatioMismatch.check(new long[] {5, 5}, new double[] {1, 0}));
        assertThrows(
                IllegalArgumentException.class,
                () -> SampleRatioMismatch.check(new long[] {0, 0}, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> MultipleTesting.holm(new double[] {0.1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> MultipleTesting.benjaminiHochberg(new double[] {1.5}));
        assertThrows(IllegalArgumentException.class, () -> MultipleTesting.holm(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Descriptive.percentile(OK, 1.01));
        assertThrows(IllegalArgumentException.class, () -> GeometricMean.ofRatios(new double[] {1, -2}, 0.95));
        assertThrows(IllegalArgumentException.class, () -> ConfidenceSequence.normalMixture(0, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> ConfidenceSequence.normalMixture(0.05, 1).halfWidth(0));
        assertThrows(IllegalArgumentException.class, () -> Descriptive.coefficientOfVariation(new double[] {-1, 1}));
        IllegalArgumentException zeroMean = assertThrows(
                IllegalArgumentException.class,
                () -> Bootstrap.ratioOfMeans(OK, new double[] {-1, 1}, Bootstrap.Options.defaults(1)));
        assertTrue(zeroMean.getMessage().contains("control mean is 0"), zeroMean.getMessage());
    }
}
