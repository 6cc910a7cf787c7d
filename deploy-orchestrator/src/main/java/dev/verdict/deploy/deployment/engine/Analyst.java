package dev.verdict.deploy.deployment.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.deploy.config.DeployConfig;
import dev.verdict.deploy.judge.service.JudgeService;
import dev.verdict.judge.JudgeResult;
import dev.verdict.judge.config.CanaryConfig;
import dev.verdict.judge.config.CanaryConfigReader;
import dev.verdict.judge.config.MetricConfig;
import dev.verdict.plugin.MetricQuery;
import dev.verdict.plugin.MetricSeries;
import dev.verdict.plugin.Placement;
import dev.verdict.plugin.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/**
 * One analysis judgement: each metric of the canary config queried for canary and baseline over the window, put in
 * {@code POST /api/judge}'s input shape, and judged by the same {@link JudgeService} that endpoint uses, so the
 * stored input re-judged gives the stored result.
 */
@ApplicationScoped
public class Analyst {

    /** The judge's input (config, thresholds, pairs) and its result. */
    public record Judgement(ObjectNode input, JudgeResult result) {}

    private final Targets targets;
    private final JudgeService judge;
    private final ObjectMapper json;
    private final DeployConfig config;

    public Analyst(Targets targets, JudgeService judge, ObjectMapper json, DeployConfig config) {
        this.targets = targets;
        this.judge = judge;
        this.json = json;
        this.config = config;
    }

    public Judgement judge(
            JsonNode canaryConfig,
            double pass,
            double marginal,
            String component,
            Placement canary,
            Placement baseline,
            Instant start,
            Instant end) {
        CanaryConfig parsed = CanaryConfigReader.read(canaryConfig, "/config");
        ObjectNode input = json.createObjectNode();
        input.set("config", canaryConfig);
        input.putObject("thresholds").put("pass", pass).put("marginal", marginal);
        ArrayNode pairs = input.putArray("pairs");
        for (MetricConfig m : parsed.metrics()) {
            Object type = m.query().get("type");
            if (!(type instanceof String t)) {
                throw new IllegalArgumentException("metric " + m.name() + ": query.type is required (e.g. router)");
            }
            ObjectNode pair = pairs.addObject();
            pair.put("name", m.name());
            points(pair.putArray("experiment"), query(t, m, component, Scope.CANARY, canary, start, end));
            points(pair.putArray("control"), query(t, m, component, Scope.BASELINE, baseline, start, end));
        }
        return new Judgement(input, judge.judge(input));
    }

    private MetricSeries query(
            String type, MetricConfig m, String component, Scope scope, Placement p, Instant start, Instant end) {
        return targets.source(type)
                .query(new MetricQuery(
                        m.name(),
                        m.query(),
                        component,
                        scope,
                        p,
                        Map.of("scope", scope.label(), "version", p.version()),
                        start,
                        end,
                        config.metricStep()));
    }

    /** JSON has no NaN: a missing point is null, which the judge reads back as NaN. */
    private static void points(ArrayNode out, MetricSeries s) {
        for (double v : s.values()) {
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                out.addNull();
            } else {
                out.add(v);
            }
        }
    }
}
