package dev.verdict.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.judge.classify.Classification;
import dev.verdict.judge.classify.MetricClassifier;
import dev.verdict.judge.classify.MetricLabel;
import dev.verdict.judge.config.Direction;
import dev.verdict.judge.config.MetricConfig;
import dev.verdict.judge.config.MetricConfig.EffectSize;
import dev.verdict.judge.config.MetricConfig.Measure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kayenta's documented classifier behaviour case by case (kayenta-judge's ClassifierSuite and the NetflixACAJudge
 * decision tree), with Verdict's own data where Kayenta's are large, at the production parameters (tolerance 0.25,
 * confidence 0.98).
 */
class ClassifierCasesTest {

    static MetricConfig metric(Direction d) {
        return metric(d, false, false, true, EffectSize.defaults(Measure.MEAN_RATIO));
    }

    static MetricConfig metric(
            Direction d, boolean critical, boolean mustHaveData, boolean removeNaN, EffectSize effect) {
        return new MetricConfig(
                "test-metric",
                List.of("g"),
                "default",
                Map.of(),
                d,
                removeNaN,
                critical,
                mustHaveData,
                false,
                effect,
                null,
                null,
                null);
    }

    static Classification classify(MetricConfig m, double[] e, double[] c) {
        return MetricClassifier.classify(m, e, c);
    }

    private static final double[] N10_A = Samples.normal(1, 30, 10, 2);
    private static final double[] N10_B = Samples.normal(2, 30, 10, 2);
    private static final double[] N20 = Samples.normal(3, 30, 20, 2);

    @Test
    void theSameDistributionPassesAndTheIntervalReachesIntoTheTolerance() {
        Classification k = classify(metric(Direction.EITHER), N10_A, N10_B);
        assertThat(k.label()).isEqualTo(MetricLabel.PASS);
        assertThat(k.reason()).contains("reaches into ±");
        assertThat((double) k.numbers().get("ciLower")).isNegative();
        assertThat((double) k.numbers().get("ciUpper")).isPositive();
    }

    @Test
    void aDoubledCanaryIsHighAndAHalvedOneIsLowAndTheReasonCarriesTheNumbers() {
        Classification high = classify(metric(Direction.EITHER), N20, N10_B);
        assertThat(high.label()).isEqualTo(MetricLabel.HIGH);
        assertThat(high.ratio()).isBetween(1.8, 2.3);
        assertThat((double) high.numbers().get("ciLower"))
                .isGreaterThan((double) high.numbers().get("bound"));
        assertThat(high.reason())
                .startsWith("test-metric was classified as High: the 98% interval of canary − baseline [")
                .contains("meanRatio");
        Classification low = classify(metric(Direction.EITHER), N10_A, N20);
        assertThat(low.label()).isEqualTo(MetricLabel.LOW);
        assertThat(low.critical()).isFalse();
    }

    @Test
    void aDirectionIgnoresTheOtherWay() {
        assertThat(classify(metric(Direction.INCREASE), N10_A, N20).label()).isEqualTo(MetricLabel.PASS);
        assertThat(classify(metric(Direction.INCREASE), N10_A, N20).reason())
                .contains("which direction increase ignores");
        assertThat(classify(metric(Direction.DECREASE), N20, N10_B).label()).isEqualTo(MetricLabel.PASS);
        assertThat(classify(metric(Direction.INCREASE), N20, N10_B).label()).isEqualTo(MetricLabel.HIGH);
        assertThat(classify(metric(Direction.DECREASE), N10_A, N20).label()).isEqualTo(MetricLabel.LOW);
    }

    @Test
    void theMeanRatioGateDecidesOverTheInterval() {
        double[] e = {20, 22, 21, 25, 30};
        double[] c = {1, 2.2, 1.1, 2.5, 3};
        // Kayenta's "Mean Ratio Effect Size: High": ratio 12.04 >= allowed 1.2
        assertThat(classify(
                                metric(
                                        Direction.EITHER,
                                        false,
                                        false,
                                        true,
                                        new EffectSize(Measure.MEAN_RATIO, 1.2, 0.8, 1, 1)),
                                e,
                                c)
                        .label())
                .isEqualTo(MetricLabel.HIGH);
        // the interval says High, but ratio 12.04 is below an allowed increase of 13
        Classification gated = classify(
                metric(Direction.EITHER, false, false, true, new EffectSize(Measure.MEAN_RATIO, 13, 1, 1, 1)), e, c);
        assertThat(gated.label()).isEqualTo(MetricLabel.PASS);
        assertThat(gated.reason()).contains("below the allowed increase 13");
        // Kayenta's "Mean Ratio Effect Size: Pass": the interval contains 0
        assertThat(classify(
                                metric(
                                        Direction.EITHER,
                                        false,
                                        false,
                                        true,
                                        new EffectSize(Measure.MEAN_RATIO, 1.0, 0.5, 1, 1)),
                                new double[] {10, 12.2, 10.1, 12.5, 23},
                                new double[] {20, 22, 21, 25, 30})
                        .label())
                .isEqualTo(MetricLabel.PASS);
    }

    @Test
    void aCriticalMetricFailsTheCanaryOnlyPastItsCriticalBound() {
        double[] e = {20, 22, 21, 25, 30};
        double[] c = {1, 2.2, 1.1, 2.5, 3};
        Classification byDefault =
                classify(metric(Direction.EITHER, true, false, true, EffectSize.defaults(Measure.MEAN_RATIO)), e, c);
        assertThat(byDefault.label()).isEqualTo(MetricLabel.HIGH);
        assertThat(byDefault.critical()).isTrue();
        assertThat(byDefault.reason()).contains("(Critical: meanRatio 12.0408 >= 1)");
        Classification below = classify(
                metric(Direction.EITHER, true, false, true, new EffectSize(Measure.MEAN_RATIO, 5, 1, 13, 1)), e, c);
        assertThat(below.label()).isEqualTo(MetricLabel.HIGH);
        assertThat(below.critical()).isFalse();
        Classification low = classify(
                metric(Direction.EITHER, true, false, true, new EffectSize(Measure.MEAN_RATIO, 1, 1, 1, 1.2)),
                new double[] {2, 2, 2, 2, 3},
                new double[] {10, 20.2, 10.1, 20.5, 30});
        assertThat(low.label()).isEqualTo(MetricLabel.LOW);
        assertThat(low.critical()).isTrue();
    }

    @Test
    void clesIsThePooledRankEffectSize() {
        assertThat(dev.verdict.judge.classify.EffectSizes.cles(new double[] {1, 2, 3}, new double[] {1, 2, 3}))
                .isEqualTo(0.5);
        assertThat(dev.verdict.judge.classify.EffectSizes.cles(new double[] {1, 2}, new double[] {5, 6}))
                .isEqualTo(0.0);
        assertThat(dev.verdict.judge.classify.EffectSizes.cles(new double[] {5, 6}, new double[] {1, 2}))
                .isEqualTo(1.0);
        // High by the interval, but P(canary > baseline) 1.0 is needed at most 0.8: passes the cles gate
        Classification k = classify(
                metric(Direction.EITHER, false, false, true, new EffectSize(Measure.CLES, 0.8, 0.2, 0.5, 0.5)),
                N20,
                N10_B);
        assertThat(k.label()).isEqualTo(MetricLabel.HIGH);
        assertThat(k.numbers()).containsEntry("effect", 1.0).containsEntry("effectMeasure", "cles");
    }

    @Test
    void missingDataIsNodataUnlessTheMetricMustHaveItOrZerosReplaceIt() {
        double[] none = {};
        double[] c = {1, 2, 3, 4, 5};
        Classification nodata = classify(metric(Direction.DECREASE), none, c);
        assertThat(nodata.label()).isEqualTo(MetricLabel.NODATA);
        assertThat(nodata.reason())
                .isEqualTo("Missing data for test-metric: the canary has 0 point(s), the baseline 5");
        assertThat(nodata.ratio()).isEqualTo(1.0);
        MetricConfig critical = metric(Direction.DECREASE, true, false, true, EffectSize.defaults(Measure.MEAN_RATIO));
        assertThat(classify(critical, none, c).critical()).isTrue();
        MetricConfig must = metric(Direction.DECREASE, false, true, true, EffectSize.defaults(Measure.MEAN_RATIO));
        assertThat(classify(must, none, c).label()).isEqualTo(MetricLabel.NODATA_FAIL_METRIC);
        MetricConfig replace = metric(Direction.DECREASE, false, false, false, EffectSize.defaults(Measure.MEAN_RATIO));
        assertThat(classify(replace, none, c).label()).isEqualTo(MetricLabel.PASS);
    }

    @Test
    void identicalTiedAndConstantDataFollowKayentasShortcutsWithoutJitter() {
        MetricConfig m = metric(Direction.EITHER);
        assertThat(classify(m, new double[] {1, 2, 3, 4, 5}, new double[] {5, 4, 3, 2, 1})
                        .reason())
                .isEqualTo("The Canary and Baseline data are identical");
        assertThat(classify(m, new double[] {1, 1, 1}, new double[] {1, 1}).label())
                .isEqualTo(MetricLabel.PASS);
        // Kayenta's "Leading Zero" and "Majority Tied": the interval touches 0 with an estimate of 0
        assertThat(classify(m, new double[] {0, 1, 1, 1, 1}, Samples.times(5, 1))
                        .label())
                .isEqualTo(MetricLabel.PASS);
        assertThat(classify(m, new double[] {1, 1, 1, 1, 10}, Samples.times(5, 1))
                        .label())
                .isEqualTo(MetricLabel.PASS);
        // "Tied Ranks": 10s against 1s is High, exactly and the same on every run (Kayenta adds random noise)
        Classification tied = classify(m, Samples.times(5, 10), Samples.times(5, 1));
        assertThat(tied.label()).isEqualTo(MetricLabel.HIGH);
        assertThat(tied.ratio()).isEqualTo(10.0);
        assertThat(tied.numbers()).containsEntry("ciLower", 9.0).containsEntry("ciUpper", 9.0);
        assertThat(classify(m, Samples.times(5, 10), Samples.times(5, 1))).isEqualTo(tied);
        // "Tied Ranks With Zeros": the ratio is undefined, which passes the effect gate
        Classification zeros = classify(m, Samples.times(5, 10), Samples.times(5, 0));
        assertThat(zeros.label()).isEqualTo(MetricLabel.HIGH);
        assertThat(zeros.ratio()).isNull();
        assertThat(classify(m, new double[] {3}, new double[] {4}).label()).isEqualTo(MetricLabel.ERROR);
    }

    @Test
    void aZeroMeanLeavesTheEffectUndefinedAndTheIntervalDecides() {
        MetricConfig m =
                metric(Direction.EITHER, false, false, true, new EffectSize(Measure.MEAN_RATIO, 1.2, 0.8, 1, 1));
        double[] high = {54.9, 54.5, 55.1, 55.6, 57.4};
        assertThat(classify(m, high, Samples.times(5, 0)).label()).isEqualTo(MetricLabel.HIGH);
        assertThat(classify(m, Samples.times(5, 0), high).label()).isEqualTo(MetricLabel.LOW);
        Classification pass = classify(m, Samples.times(5, 0), Samples.times(5, 0));
        assertThat(pass.label()).isEqualTo(MetricLabel.PASS);
        assertThat(pass.ratio()).isEqualTo(1.0);
        MetricConfig critical = new MetricConfig(
                "test-metric",
                List.of("g"),
                "default",
                Map.of(),
                Direction.EITHER,
                false,
                true,
                false,
                false,
                new EffectSize(Measure.MEAN_RATIO, 1, 1, 1.2, 0.8),
                null,
                null,
                null);
        Classification crit = classify(
                critical,
                new double[] {0.05, 0.05, 0.0167, 0.0167, 0.0167, 0.05, 0.0333, 0.05, 0.05, 0.1333},
                Samples.times(10, 0));
        assertThat(crit.label()).isEqualTo(MetricLabel.HIGH);
        assertThat(crit.critical()).isTrue();
    }

    /** The slices of a canary with 2 % errors against a clean baseline, from a DeploymentFlowTest run it passed. */
    private static final double[] ERRORS_2PC = {
        0.0119, 0.0115, 0, 0, 0.0465, 0.0244, 0, 0.0230, 0.0116, 0.0116, 0.0805, 0.0238, 0.0465, 0, 0, 0.0235, 0, 0,
        0.0122
    };

    @Test
    void anIntervalEndingAtZeroOnTiesIsHighWhenTheTestRejectsNoChange() {
        double[] clean = new double[19];
        MetricConfig errors = metric(Direction.INCREASE, true, false, true, EffectSize.defaults(Measure.MEAN_RATIO));
        Classification k = classify(errors, ERRORS_2PC, clean);
        // the interval alone would reach into the tolerance: it ends exactly at 0
        assertThat((double) k.numbers().get("ciLower")).isZero();
        assertThat((double) k.numbers().get("pValue")).isLessThan(1 - MetricClassifier.CONFIDENCE);
        assertThat(k.label()).isEqualTo(MetricLabel.HIGH);
        assertThat(k.critical()).isTrue();
        assertThat((double) k.numbers().get("tiedPairs")).isCloseTo(7.0 / 19, within(1e-12));
        assertThat(k.reason()).contains("ends at 0 because 37 % of the canary − baseline pairs are ties");
        // the same shape but the other way is Low for a metric that cares, and ignored by one that does not
        assertThat(classify(metric(Direction.EITHER), clean, ERRORS_2PC).label())
                .isEqualTo(MetricLabel.LOW);
        assertThat(classify(metric(Direction.INCREASE), clean, ERRORS_2PC).label())
                .isEqualTo(MetricLabel.PASS);
    }

    @Test
    void tiesAtZeroWithoutASignificantTestStillPass() {
        double[] clean = new double[19];
        double[] rare = new double[19];
        rare[4] = 0.02;
        rare[11] = 0.05;
        Classification k = classify(metric(Direction.INCREASE), rare, clean);
        assertThat((double) k.numbers().get("pValue")).isGreaterThan(1 - MetricClassifier.CONFIDENCE);
        assertThat(k.label()).isEqualTo(MetricLabel.PASS);
        assertThat(k.numbers()).doesNotContainKey("tiedPairs");
    }
}
