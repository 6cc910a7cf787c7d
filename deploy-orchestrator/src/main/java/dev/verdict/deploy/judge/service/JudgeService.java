package dev.verdict.deploy.judge.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.judge.Judge;
import dev.verdict.judge.JudgeResult;
import dev.verdict.judge.MetricPair;
import dev.verdict.judge.config.CanaryConfig;
import dev.verdict.judge.config.CanaryConfigReader;
import dev.verdict.judge.config.ConfigError;
import dev.verdict.judge.config.InvalidConfigException;
import dev.verdict.judge.config.Thresholds;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges a canary from a request that carries everything: the Kayenta canary config, the score thresholds and each
 * metric's points. The same request always gives the same judgement, so a stored analysis can be re-judged and
 * compared. Every bad field of the three parts is reported at once.
 */
@ApplicationScoped
public class JudgeService {

    /** {@code {"config": {...}, "thresholds": {"pass": 95, "marginal": 75}, "pairs": [...]}}. */
    public JudgeResult judge(JsonNode request) {
        List<ConfigError> errors = new ArrayList<>();
        if (request == null || !request.isObject()) {
            throw new InvalidConfigException(
                    List.of(new ConfigError("/", "must be an object with config, thresholds and pairs")));
        }
        CanaryConfig config = collect(errors, () -> CanaryConfigReader.read(request.get("config"), "/config"));
        Thresholds thresholds =
                collect(errors, () -> CanaryConfigReader.thresholds(request.get("thresholds"), "/thresholds"));
        List<MetricPair> pairs = pairs(request.get("pairs"), errors);
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
        return Judge.judge(config, thresholds, pairs);
    }

    private static <T> T collect(List<ConfigError> errors, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (InvalidConfigException e) {
            errors.addAll(e.errors());
            return null;
        }
    }

    private static List<MetricPair> pairs(JsonNode node, List<ConfigError> errors) {
        List<MetricPair> out = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty()) {
            errors.add(new ConfigError(
                    "/pairs", "must be a non-empty array of {name, experiment: [points], control: [points]}"));
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            String at = "/pairs/" + i;
            JsonNode p = node.get(i);
            if (!p.isObject()) {
                errors.add(new ConfigError(at, "must be an object"));
                continue;
            }
            String name = p.path("name").isTextual() ? p.get("name").asText() : null;
            if (name == null) {
                errors.add(new ConfigError(at + "/name", "is required: the metric's name in the config"));
            }
            Map<String, String> tags = new LinkedHashMap<>();
            JsonNode t = p.get("tags");
            if (t != null && !t.isNull()) {
                if (!t.isObject()) {
                    errors.add(new ConfigError(at + "/tags", "must be an object of strings"));
                } else {
                    t.fields()
                            .forEachRemaining(
                                    e -> tags.put(e.getKey(), e.getValue().asText()));
                }
            }
            double[] experiment = points(p.get("experiment"), at + "/experiment", errors);
            double[] control = points(p.get("control"), at + "/control", errors);
            if (name != null && experiment != null && control != null) {
                out.add(new MetricPair(name, tags, experiment, control));
            }
        }
        return out;
    }

    /** Numbers, with null for a missing point (JSON has no NaN). */
    private static double[] points(JsonNode node, String at, List<ConfigError> errors) {
        if (node == null || !node.isArray()) {
            errors.add(new ConfigError(at, "must be an array of numbers (null for a missing point)"));
            return null;
        }
        double[] out = new double[node.size()];
        for (int j = 0; j < node.size(); j++) {
            JsonNode v = node.get(j);
            if (v.isNull()) {
                out[j] = Double.NaN;
            } else if (v.isNumber()) {
                out[j] = v.asDouble();
            } else {
                errors.add(new ConfigError(at + "/" + j, "must be a number or null, not " + v));
                return null;
            }
        }
        return out;
    }
}
