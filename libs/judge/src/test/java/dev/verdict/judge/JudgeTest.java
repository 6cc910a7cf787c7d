package dev.verdict.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.judge.classify.MetricLabel;
import dev.verdict.judge.config.CanaryConfig;
import dev.verdict.judge.config.CanaryConfigReader;
import dev.verdict.judge.config.InvalidConfigException;
import dev.verdict.judge.config.Thresholds;
import dev.verdict.judge.score.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JudgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Thresholds T = new Thresholds(95, 75);

    static CanaryConfig config(String canaryOfLatency) throws Exception {
        return CanaryConfigReader.read(JSON.readTree("""
                {"metrics": [
                  {"name": "latency", "groups": ["latency"],
                   "analysisConfigurations": {"canary": %s}},
                  {"name": "errors", "groups": ["errors"],
                   "analysisConfigurations": {"canary": {"direction": "increase", "nanStrategy": "replace"}}}],
                 "classifier": {"groupWeights": {"latency": 70, "errors": 30}}}
                """.formatted(canaryOfLatency)), "");
    }

    static List<MetricPair> pairs(double[] canaryLatency, double[] baselineLatency) {
        return List.of(
                new MetricPair("latency", Map.of(), canaryLatency, baselineLatency),
                new MetricPair("errors", Map.of(), new double[] {0, Double.NaN, 0, 0}, new double[] {0, 0, 0, 0}));
    }

    @Test
    void aSlowerCanaryFailsWithTheReasonAndNumbersOfItsMetric() throws Exception {
        JudgeResult r = Judge.judge(
                config("{\"direction\": \"increase\"}"),
                T,
                pairs(Samples.normal(7, 60, 130, 10), Samples.normal(8, 60, 100, 10)));
        MetricResult latency = r.results().get(0);
        assertThat(latency.classification()).isEqualTo(MetricLabel.HIGH);
        assertThat(latency.resultMetadata().ratio()).isBetween(1.2, 1.4);
        assertThat(latency.resultMetadata().details())
                .containsKeys("ciLower", "ciUpper", "estimate", "bound", "pValue");
        assertThat(latency.experimentMetadata().stats().count()).isEqualTo(60);
        assertThat(r.results().get(1).classification()).isEqualTo(MetricLabel.PASS);
        assertThat(r.groupScores())
                .extracting(g -> g.name() + "=" + g.score())
                .containsExactly("latency=0.0", "errors=100.0");
        assertThat(r.score().score()).isEqualTo(30.0);
        assertThat(r.score().classification()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void anEqualCanaryPassesAndTheSameInputGivesTheSameResult() throws Exception {
        CanaryConfig c = config("{\"direction\": \"increase\"}");
        List<MetricPair> p = pairs(Samples.normal(9, 60, 100, 10), Samples.normal(10, 60, 100, 10));
        JudgeResult r = Judge.judge(c, T, p);
        assertThat(r.score().score()).isEqualTo(100.0);
        assertThat(r.score().classification()).isEqualTo(Outcome.PASS);
        assertThat(JSON.writeValueAsString(Judge.judge(c, T, p))).isEqualTo(JSON.writeValueAsString(r));
    }

    @Test
    void aVarianceOnlyRegressionPassesKayentasRulesAndFailsTheVarianceCheck() throws Exception {
        // the same middle, three times the spread
        double[] canary = Samples.normal(11, 200, 100, 30);
        double[] baseline = Samples.normal(12, 200, 100, 10);
        JudgeResult plain = Judge.judge(config("{\"direction\": \"increase\"}"), T, pairs(canary, baseline));
        assertThat(plain.results().get(0).classification()).isEqualTo(MetricLabel.PASS);
        JudgeResult checked = Judge.judge(
                config("{\"direction\": \"increase\", \"verdict\": {\"variance\": {\"allowedIncrease\": 1.5}}}"),
                T,
                pairs(canary, baseline));
        MetricResult latency = checked.results().get(0);
        assertThat(latency.classification()).isEqualTo(MetricLabel.HIGH);
        assertThat(latency.classificationReason()).contains("its spread rose: standard deviation");
        @SuppressWarnings("unchecked")
        Map<String, Object> v =
                (Map<String, Object>) latency.resultMetadata().details().get("variance");
        assertThat((Double) v.get("stdRatio")).isBetween(2.5, 3.5);
        assertThat(v).containsEntry("fires", true);
        // a spread that grew less than allowed is no regression
        JudgeResult lenient = Judge.judge(
                config("{\"direction\": \"increase\", \"verdict\": {\"variance\": {\"allowedIncrease\": 4}}}"),
                T,
                pairs(canary, baseline));
        assertThat(lenient.results().get(0).classification()).isEqualTo(MetricLabel.PASS);
    }

    /** DeploymentFlowTest's jittery canary as CI measured it: 19 points alternating 12 / 32 ms against 22 ms. */
    @Test
    void aCanarySwingingBetweenTwoLevelsFailsTheVarianceCheckWhateverTheSplitOfItsPoints() throws Exception {
        double[] baseline = {
            22.615, 22.958, 22.157, 22.301, 22.598, 23.132, 22.184, 21.087, 21.558, 20.955, 21.680, 21.834, 20.967,
            21.586, 21.152, 22.480, 21.691, 21.273, 21.749
        };
        double[] canary = {
            12.481, 32.336, 12.133, 32.754, 12.335, 32.735, 12.371, 31.303, 12.286, 30.835, 12.214, 31.388, 11.805,
            30.602, 12.141, 30.577, 12.469, 31.516, 12.559
        };
        String check = "{\"direction\": \"increase\", \"verdict\": {\"variance\": {\"allowedIncrease\": 1.5}}}";
        for (int n : new int[] {19, 18}) {
            double[] c = java.util.Arrays.copyOf(canary, n);
            double[] b = java.util.Arrays.copyOf(baseline, n);
            MetricResult r =
                    Judge.judge(config(check), T, pairs(c, b)).results().get(0);
            assertThat(r.classification())
                    .as(n + " points: " + r.classificationReason() + " "
                            + r.resultMetadata().details().get("variance"))
                    .isEqualTo(MetricLabel.HIGH);
            assertThat(r.classificationReason()).contains("its spread rose");
        }
        // the same two-level canary under Kayenta's own rules: its mean did not move, a Pass
        assertThat(Judge.judge(config("{\"direction\": \"increase\"}"), T, pairs(canary, baseline))
                        .results()
                        .get(0)
                        .classification())
                .isEqualTo(MetricLabel.PASS);
    }

    @Test
    void aTailOnlyRegressionIsCaughtByTheTailCheckWhenThereAreEnoughPoints() throws Exception {
        // 3 % of the canary's requests take 3x as long: the median hardly moves, the p99 does
        double[] baseline = Samples.normal(13, 2000, 100, 5);
        double[] canary = Samples.normal(14, 2000, 100, 5);
        for (int i = 0; i < canary.length; i += 33) {
            canary[i] *= 3;
        }
        String tail =
                "{\"direction\": \"increase\", \"verdict\": {\"tail\": {\"quantile\": 0.99, \"allowedIncrease\": 1.2}}}";
        assertThat(Judge.judge(config("{\"direction\": \"increase\"}"), T, pairs(canary, baseline))
                        .results()
                        .get(0)
                        .classification())
                .isEqualTo(MetricLabel.PASS);
        MetricResult caught =
                Judge.judge(config(tail), T, pairs(canary, baseline)).results().get(0);
        assertThat(caught.classification()).isEqualTo(MetricLabel.HIGH);
        assertThat(caught.classificationReason()).contains("its p99 rose");
        // 60 points cannot bound a p99: the check says so and decides nothing
        MetricResult few = Judge.judge(
                        config(tail),
                        T,
                        pairs(java.util.Arrays.copyOf(canary, 60), java.util.Arrays.copyOf(baseline, 60)))
                .results()
                .get(0);
        assertThat(few.classification()).isEqualTo(MetricLabel.PASS);
        assertThat(few.resultMetadata().details().get("tail").toString()).contains("skipped=needs at least");
    }

    @Test
    void outliersAreRemovedPerSideWithKayentasWideFences() {
        assertThat(dev.verdict.judge.preprocess.Preprocessor.removeOutliers(
                        new double[] {21, 23, 24, 25, 50, 29, 23, 21}, 3.0))
                .containsExactly(21, 21, 23, 23, 24, 25, 29);
        assertThat(dev.verdict.judge.preprocess.Preprocessor.removeOutliers(
                        new double[] {1, 1, 1, 5, -1, -1, -1, -5}, 3.0))
                .hasSize(8);
    }

    @Test
    void aPairOfAnUnknownMetricIsRefusedWithItsPointer() throws Exception {
        CanaryConfig c = config("{}");
        assertThatThrownBy(() ->
                        Judge.judge(c, T, List.of(new MetricPair("cpu", Map.of(), new double[] {1}, new double[] {1}))))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class,
                        e -> assertThat(e.errors().get(0).pointer()).isEqualTo("/pairs/0/name"));
    }

    @Test
    void missingDataForHalfTheMetricsIsInconclusiveNotARegression() throws Exception {
        double[] none = {Double.NaN, Double.NaN};
        JudgeResult r = Judge.judge(
                config("{}"),
                T,
                List.of(
                        new MetricPair("latency", Map.of(), none, none),
                        new MetricPair("errors", Map.of(), new double[] {0, 1}, new double[] {0, 1})));
        assertThat(r.results().get(0).classification()).isEqualTo(MetricLabel.NODATA);
        assertThat(r.score().inconclusive()).isTrue();
        assertThat(r.score().score()).isEqualTo(0.0);
    }
}
