package dev.verdict.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.stats.bootstrap.Bootstrap;
import dev.verdict.stats.bootstrap.BootstrapResult;
import dev.verdict.stats.cuped.Cuped;
import dev.verdict.stats.cuped.CupedResult;
import dev.verdict.stats.descriptive.Descriptive;
import dev.verdict.stats.descriptive.GeometricMean;
import dev.verdict.stats.descriptive.OutlierFilter;
import dev.verdict.stats.mean.MeanDifferenceResult;
import dev.verdict.stats.mean.ProportionTestResult;
import dev.verdict.stats.mean.TwoProportionZTest;
import dev.verdict.stats.mean.WelchTTest;
import dev.verdict.stats.sequential.ConfidenceSequence;
import dev.verdict.stats.sequential.Msprt;
import org.junit.jupiter.api.Test;

/** The documented behaviour for single observations, constant samples and other corners (see README). */
class EdgeCaseTest {

    @Test
    void welchWithConstantSamples() {
        MeanDifferenceResult same = WelchTTest.test(new double[] {3, 3, 3}, new double[] {3, 3});
        assertEquals(0.0, same.statistic());
        assertEquals(1.0, same.pValue());
        assertEquals(3.0, same.degreesOfFreedom());
        assertEquals(0.0, same.confidenceInterval().lower());
        assertEquals(0.0, same.confidenceInterval().upper());
        MeanDifferenceResult different = WelchTTest.test(new double[] {5, 5, 5}, new double[] {3, 3});
        assertEquals(Double.POSITIVE_INFINITY, different.statistic());
        assertEquals(0.0, different.pValue());
        assertEquals(2.0, different.confidenceInterval().lower());
        assertEquals(2.0, different.confidenceInterval().upper());
    }

    @Test
    void proportionsThatAreAllZero() {
        ProportionTestResult r = TwoProportionZTest.test(0, 100, 0, 80);
        assertEquals(1.0, r.pValue());
        assertEquals(0.0, r.confidenceInterval().lower());
        assertEquals(0.0, r.confidenceInterval().upper());
    }

    @Test
    void cupedWithConstantCovariateEqualsTheUnadjustedComparison() {
        double[] y1 = {1, 4, 2, 8, 5};
        double[] y2 = {3, 3, 7, 1};
        CupedResult r = Cuped.compare(
                y1, new double[] {2, 2, 2, 2, 2}, y2, new double[] {2, 2, 2, 2}, Alternative.TWO_SIDED, 0.95);
        assertEquals(0.0, r.theta());
        assertEquals(r.unadjusted(), r.adjusted());
        assertEquals(0.0, r.varianceReduction(), 1e-15);
    }

    @Test
    void cupedWithAPerfectCovariateRemovesAllVariance() {
        double[] x1 = {1, 2, 3, 4, 5};
        double[] x2 = {2, 4, 6, 8};
        double[] y1 = {3, 5, 7, 9, 11}; // y = 2x + 1
        double[] y2 = {5, 9, 13, 17};
        CupedResult r = Cuped.compare(y1, x1, y2, x2, Alternative.TWO_SIDED, 0.95);
        assertEquals(2.0, r.theta(), 1e-12);
        assertEquals(1.0, r.varianceReduction(), 1e-12);
    }

    @Test
    void iqrFilterUsesType7Quartiles() {
        // 1..10 and 100: Q1 = 3.5, Q3 = 8.5, IQR = 5, fences [-4, 16]
        OutlierFilter.Result r = OutlierFilter.iqr(new double[] {1, 2, 3, 100, 4, 5, 6, 7, 8, 9, 10}, 1.5);
        assertEquals(-4.0, r.lowerFence());
        assertEquals(16.0, r.upperFence());
        assertEquals(1, r.removed());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, r.kept());
        assertEquals(0, OutlierFilter.iqr(new double[] {7, 7, 7}, 1.5).removed(), "constant keeps all");
    }

    @Test
    void kSigmaFilter() {
        // nine 10s and one 50: mean 14, sd sqrt(160) ~ 12.65; 2 sigma keeps [-11.3, 39.3]
        OutlierFilter.Result r = OutlierFilter.kSigma(new double[] {10, 10, 10, 10, 50, 10, 10, 10, 10, 10}, 2);
        assertEquals(1, r.removed());
        assertEquals(14 + 2 * Math.sqrt(160), r.upperFence(), 1e-12);
        assertEquals(0, OutlierFilter.kSigma(new double[] {42}, 3).removed(), "a single value is kept");
    }

    @Test
    void singleObservationSummaryAndPercentiles() {
        Descriptive.Summary s = Descriptive.summarize(new double[] {4.5});
        assertEquals(1, s.n());
        assertEquals(0.0, s.standardDeviation());
        assertEquals(4.5, s.p99());
        assertEquals(4.5, Descriptive.percentile(new double[] {4.5}, 0.3));
    }

    @Test
    void constantRatiosGiveAZeroWidthInterval() {
        GeometricMean.Result r = GeometricMean.ofRatios(new double[] {1.25, 1.25, 1.25}, 0.95);
        assertEquals(1.25, r.estimate(), 1e-15);
        assertEquals(0.0, r.confidenceInterval().width(), 1e-15);
    }

    @Test
    void bootstrapOnConstantSamplesIsThePointRatio() {
        BootstrapResult r =
                Bootstrap.ratioOfMeans(new double[] {4, 4, 4}, new double[] {2, 2}, Bootstrap.Options.defaults(3));
        assertEquals(2.0, r.estimate());
        assertEquals(2.0, r.confidenceInterval().lower());
        assertEquals(2.0, r.confidenceInterval().upper());
        assertEquals(0.0, r.acceleration());
    }

    @Test
    void bootstrapWithZeroControlResampleFailsClearly() {
        // control median is 1, but some resamples draw mostly zeros
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Bootstrap.ratioOfMedians(
                        new double[] {1, 2, 3}, new double[] {0, 0, 1, 1, 1}, Bootstrap.Options.defaults(5)));
        assertTrue(e.getMessage().contains("zero median"), e.getMessage());
    }

    @Test
    void msprtPValueNeverIncreasesAndTheSequenceShrinks() {
        ConfidenceSequence cs = ConfidenceSequence.tunedFor(0.05, 0.01);
        assertEquals(0.3, Msprt.nextPValue(0.3, 2.0));
        assertEquals(0.25, Msprt.nextPValue(0.3, 4.0));
        assertTrue(cs.halfWidth(0.001) < cs.halfWidth(0.01));
        // at its tuning point the sequence is wider than the fixed-n interval, but not by more than ~2.5x
        double fixed = Distributions.normalQuantile(0.975) * Math.sqrt(0.01);
        assertTrue(cs.halfWidth(0.01) > fixed && cs.halfWidth(0.01) < 2.5 * fixed);
        assertFalse(cs.interval(0.5, 0.01).contains(0.0));
    }
}
