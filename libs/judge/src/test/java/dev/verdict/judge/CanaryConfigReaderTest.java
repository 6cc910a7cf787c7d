package dev.verdict.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.judge.config.CanaryConfig;
import dev.verdict.judge.config.CanaryConfigReader;
import dev.verdict.judge.config.ConfigError;
import dev.verdict.judge.config.Direction;
import dev.verdict.judge.config.InvalidConfigException;
import dev.verdict.judge.config.MetricConfig;
import dev.verdict.judge.config.MetricConfig.Measure;
import dev.verdict.judge.config.Thresholds;
import org.junit.jupiter.api.Test;

class CanaryConfigReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A config as Kayenta's docs write one, with fields of other judges and of Spinnaker that the judge ignores. */
    static final String KAYENTA = """
            {
              "name": "payments-api", "applications": ["payments"], "configVersion": "1",
              "judge": {"name": "NetflixACAJudge-v1.0", "judgeConfigurations": {}},
              "templates": {"http": "service=\\"${scope}\\""},
              "metrics": [
                {"name": "latency-p99", "groups": ["latency"], "scopeName": "default",
                 "query": {"type": "prometheus", "metricName": "http_server_requests_seconds",
                           "customFilterTemplate": "http"},
                 "analysisConfigurations": {"canary": {"direction": "increase", "critical": true,
                     "nanStrategy": "remove", "effectSize": {"allowedIncrease": 1.1, "criticalIncrease": 1.5},
                     "outliers": {"strategy": "remove", "outlierFactor": 3.0},
                     "verdict": {"variance": {"allowedIncrease": 2.0}, "tail": {}}}},
                 "extensions": {"legacy": true}},
                {"name": "errors", "groups": ["errors"], "query": {"type": "prometheus", "metricName": "e"},
                 "analysisConfigurations": {"canary": {"direction": "increase", "mustHaveData": true,
                     "effectSize": {"measure": "cles", "allowedIncrease": 0.7}}}},
                {"name": "cpu", "query": {"type": "prometheus"}}
              ],
              "classifier": {"groupWeights": {"latency": 60, "errors": 40}, "scoreThresholds": {"pass": 1}}
            }
            """;

    @Test
    void aKayentaConfigIsReadUnchangedWithItsDefaults() throws Exception {
        CanaryConfig c = CanaryConfigReader.read(JSON.readTree(KAYENTA), "");
        assertThat(c.name()).isEqualTo("payments-api");
        assertThat(c.templates()).containsKey("http");
        assertThat(c.groupWeights()).containsEntry("latency", 60.0).containsEntry("errors", 40.0);
        MetricConfig lat = c.metric("latency-p99");
        assertThat(lat.direction()).isEqualTo(Direction.INCREASE);
        assertThat(lat.critical()).isTrue();
        assertThat(lat.effectSize().allowedIncrease()).isEqualTo(1.1);
        assertThat(lat.effectSize().allowedDecrease()).isEqualTo(1.0);
        assertThat(lat.effectSize().criticalIncrease()).isEqualTo(1.5);
        assertThat(lat.outlierFactor()).isEqualTo(3.0);
        assertThat(lat.variance().allowedIncrease()).isEqualTo(2.0);
        assertThat(lat.tail().quantile()).isEqualTo(0.99);
        assertThat(lat.query()).containsEntry("type", "prometheus");
        MetricConfig errors = c.metric("errors");
        assertThat(errors.effectSize().measure()).isEqualTo(Measure.CLES);
        assertThat(errors.effectSize().allowedDecrease()).isEqualTo(0.5);
        assertThat(errors.mustHaveData()).isTrue();
        MetricConfig cpu = c.metric("cpu");
        assertThat(cpu.direction()).isEqualTo(Direction.EITHER);
        assertThat(cpu.removeNaN()).isTrue();
        assertThat(cpu.groups()).isEmpty();
        assertThat(cpu.outlierFactor()).isNull();
        assertThat(cpu.variance()).isNull();
    }

    @Test
    void everyBadFieldIsNamedByItsPointer() throws Exception {
        String bad = """
                {"judge": {"name": "RandomDummyJudge"},
                 "metrics": [
                   {"name": "a", "groups": ["g", 3],
                    "analysisConfigurations": {"canary": {"direction": "up", "critical": "true",
                        "nanStrategy": "drop", "effectSize": {"measure": "cohen", "allowedIncrease": -1},
                        "outliers": {"strategy": "remove", "outlierFactor": 0}}}},
                   {"groups": []},
                   {"name": "a"}],
                 "classifier": {"groupWeights": {"g": 80, "h": 30, "i/j": "x"}}}
                """;
        assertThatThrownBy(() -> CanaryConfigReader.read(JSON.readTree(bad), "/config"))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class,
                        e -> assertThat(e.errors())
                                .extracting(ConfigError::pointer)
                                .containsExactly(
                                        "/config/judge/name",
                                        "/config/metrics/0/groups/1",
                                        "/config/metrics/0/analysisConfigurations/canary/direction",
                                        "/config/metrics/0/analysisConfigurations/canary/nanStrategy",
                                        "/config/metrics/0/analysisConfigurations/canary/critical",
                                        "/config/metrics/0/analysisConfigurations/canary/effectSize/measure",
                                        "/config/metrics/0/analysisConfigurations/canary/effectSize/allowedIncrease",
                                        "/config/metrics/0/analysisConfigurations/canary/outliers/outlierFactor",
                                        "/config/metrics/1/name",
                                        "/config/metrics/2/name",
                                        "/config/classifier/groupWeights/i~1j",
                                        "/config/classifier/groupWeights"));
    }

    @Test
    void errorsSayWhatWouldBeRight() throws Exception {
        InvalidConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidConfigException.class, () -> CanaryConfigReader.read(JSON.readTree("""
                        {"metrics": [{"name": "a", "analysisConfigurations": {"canary": {"direction": "up"}}}]}
                        """), ""));
        assertThat(e.errors().get(0).message()).isEqualTo("must be one of decrease, either, increase, not \"up\"");
        InvalidConfigException zero = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidConfigException.class, () -> CanaryConfigReader.read(JSON.readTree("""
                        {"metrics": [{"name": "a", "analysisConfigurations": {"canary": {
                            "effectSize": {"allowedIncrease": 0, "measure": "cles", "allowedDecrease": 1.5}}}}]}
                        """), ""));
        assertThat(zero.errors())
                .extracting(ConfigError::message)
                .containsExactly(
                        "must be a number above 0 and at most 1.0, not 0",
                        "must be a number above 0 and at most 1.0, not 1.5");
        assertThatThrownBy(() -> CanaryConfigReader.read(JSON.readTree("{\"metrics\": []}"), ""))
                .hasMessageContaining("/metrics: must be a non-empty array of metrics");
    }

    @Test
    void thresholdsAreRequiredAndOrdered() throws Exception {
        assertThat(CanaryConfigReader.thresholds(JSON.readTree("{\"pass\": 95, \"marginal\": 75}"), "/thresholds"))
                .isEqualTo(new Thresholds(95, 75));
        assertThatThrownBy(() -> CanaryConfigReader.thresholds(null, "/thresholds"))
                .hasMessageContaining("/thresholds: is required");
        assertThatThrownBy(() ->
                        CanaryConfigReader.thresholds(JSON.readTree("{\"pass\": 50, \"marginal\": 75}"), "/thresholds"))
                .hasMessageContaining("/thresholds/marginal: must not be above pass");
        assertThatThrownBy(() -> CanaryConfigReader.thresholds(JSON.readTree("{\"pass\": 101}"), "/thresholds"))
                .hasMessageContaining("/thresholds/pass: must be a number from 0.0 to 100.0")
                .hasMessageContaining("/thresholds/marginal: is required");
    }
}
