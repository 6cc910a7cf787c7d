package dev.verdict.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.judge.classify.MetricLabel;
import dev.verdict.judge.config.Thresholds;
import dev.verdict.judge.score.Outcome;
import dev.verdict.judge.score.Scorer;
import dev.verdict.judge.score.Scorer.Judged;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kayenta's weighted-sum scorer case by case (kayenta-judge's ScorerSuite), then the threshold classifier. */
class ScorerCasesTest {

    private static final Thresholds T = new Thresholds(75, 50);

    static Judged m(MetricLabel label, String... groups) {
        return new Judged("m", List.of(groups), label, label + " reason", false, false);
    }

    static Judged critical(MetricLabel label, String... groups) {
        return new Judged(
                "c", List.of(groups), label, "c was classified as " + label.label(), label != MetricLabel.PASS, false);
    }

    static double score(Map<String, Double> weights, Judged... metrics) {
        return Scorer.score(List.of(metrics), weights, T).score().score();
    }

    @Test
    void groupsScoreTheirShareOfPassesAndEqualWeightsAreTheDefault() {
        assertThat(score(Map.of(), m(MetricLabel.PASS, "g"))).isEqualTo(100.0);
        assertThat(score(Map.of(), m(MetricLabel.HIGH, "g"))).isEqualTo(0.0);
        assertThat(score(Map.of(), m(MetricLabel.PASS, "g"), m(MetricLabel.HIGH, "g")))
                .isEqualTo(50.0);
        assertThat(score(Map.of(), m(MetricLabel.PASS, "g"), m(MetricLabel.HIGH, "g"), m(MetricLabel.LOW, "g")))
                .isEqualTo(33.33);
    }

    @Test
    void weightsArePercentagesAndNodataIsLeftOutOfItsGroup() {
        assertThat(score(
                        Map.of("group-1", 75.0, "group-2", 25.0),
                        m(MetricLabel.PASS, "group-1"),
                        m(MetricLabel.PASS, "group-1"),
                        m(MetricLabel.HIGH, "group-2")))
                .isEqualTo(75.0);
        assertThat(score(
                        Map.of("group-1", 50.0, "group-2", 50.0),
                        m(MetricLabel.PASS, "group-1"),
                        m(MetricLabel.HIGH, "group-1"),
                        m(MetricLabel.HIGH, "group-2")))
                .isEqualTo(25.0);
        assertThat(score(
                        Map.of("group-1", 50.0, "group-2", 50.0),
                        m(MetricLabel.PASS, "group-1"),
                        m(MetricLabel.NODATA, "group-1"),
                        m(MetricLabel.HIGH, "group-2")))
                .isEqualTo(50.0);
        assertThat(score(
                        Map.of("group1", 15.0, "group2", 85.0),
                        m(MetricLabel.HIGH, "group1"),
                        m(MetricLabel.LOW, "group1"),
                        m(MetricLabel.PASS, "group1"),
                        m(MetricLabel.HIGH, "group2")))
                .isEqualTo(5.0);
    }

    @Test
    void aGroupWithNothingJudgedShowsZeroButCountsAsAHundred() {
        Scorer.Result r = Scorer.score(
                List.of(m(MetricLabel.PASS, "p"), m(MetricLabel.PASS, "p"), m(MetricLabel.NODATA, "n")), Map.of(), T);
        assertThat(r.groups())
                .extracting(g -> g.name() + "=" + g.score() + (g.noData() ? " (no data)" : ""))
                .containsExactly("p=100.0", "n=0.0 (no data)");
        assertThat(r.score().score()).isEqualTo(100.0);
        assertThat(r.score().inconclusive()).isFalse();
    }

    @Test
    void halfTheMetricsWithoutDataMakeTheRunInconclusiveAtZero() {
        Scorer.Result r = Scorer.score(List.of(m(MetricLabel.NODATA, "g")), Map.of(), T);
        assertThat(r.score().score()).isEqualTo(0.0);
        assertThat(r.score().classification()).isEqualTo(Outcome.FAIL);
        assertThat(r.score().inconclusive()).isTrue();
        assertThat(r.score().classificationReason())
                .isEqualTo("Canary Failed: 50% or more metrics returned NODATA (1 of 1)");
    }

    @Test
    void aCriticalFailureForcesZeroAndNamesTheMetricButACriticalPassDoesNot() {
        Scorer.Result failed =
                Scorer.score(List.of(m(MetricLabel.PASS, "g"), critical(MetricLabel.HIGH, "g")), Map.of(), T);
        assertThat(failed.score().score()).isEqualTo(0.0);
        assertThat(failed.score().classificationReason()).isEqualTo("Canary Failed: c was classified as High");
        assertThat(failed.score().inconclusive()).isFalse();
        assertThat(score(Map.of(), m(MetricLabel.LOW, "g"), critical(MetricLabel.PASS, "g")))
                .isEqualTo(50.0);
        assertThat(score(Map.of(), m(MetricLabel.PASS, "g"), critical(MetricLabel.NODATA, "g")))
                .isEqualTo(0.0);
    }

    @Test
    void mutedMetricsAreReportedButNotScored() {
        Judged muted = new Judged("x", List.of("g"), MetricLabel.HIGH, "x", true, true);
        assertThat(score(Map.of(), m(MetricLabel.PASS, "g"), muted)).isEqualTo(100.0);
    }

    @Test
    void thresholdsAreInclusive() {
        List<Judged> half = List.of(m(MetricLabel.PASS, "g"), m(MetricLabel.HIGH, "g"));
        assertThat(Scorer.score(half, Map.of(), new Thresholds(50, 40)).score().classification())
                .isEqualTo(Outcome.PASS);
        assertThat(Scorer.score(half, Map.of(), new Thresholds(60, 50)).score().classification())
                .isEqualTo(Outcome.MARGINAL);
        assertThat(Scorer.score(half, Map.of(), new Thresholds(60, 51)).score().classification())
                .isEqualTo(Outcome.FAIL);
    }

    @Test
    void groupsKeepTheOrderTheyFirstAppearIn() {
        List<Judged> ms = new ArrayList<>();
        for (String g : List.of("zeta", "alpha", "mid", "alpha")) {
            ms.add(m(MetricLabel.PASS, g));
        }
        Map<String, Double> none = new LinkedHashMap<>();
        assertThat(Scorer.score(ms, none, T).groups())
                .extracting(g -> g.name())
                .containsExactly("zeta", "alpha", "mid");
    }

    @Test
    void aPlainScoreSaysWhereItLiesAgainstTheThresholdsAndWhichMetricsCostPoints() {
        Scorer.Result r = Scorer.score(
                List.of(m(MetricLabel.PASS, "a"), m(MetricLabel.HIGH, "b")), Map.of("a", 40.0, "b", 60.0), T);
        assertThat(r.score().score()).isEqualTo(40.0);
        assertThat(r.score().classificationReason())
                .isEqualTo("score 40 is below the marginal threshold " + (long) T.marginal() + "; not Pass: m High");
        Scorer.Result pass = Scorer.score(List.of(m(MetricLabel.PASS, "a")), Map.of(), T);
        assertThat(pass.score().classificationReason())
                .isEqualTo("score 100 reaches the pass threshold " + (long) T.pass());
    }
}
