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
            Map<String, Object> q = withTemplate(parsed, m);
            points(pair.putArray("experiment"), query(t, m.name(), q, component, Scope.CANARY, canary, start, end));
            points(pair.putArray("control"), query(t, m.name(), q, component, Scope.BASELINE, baseline, start, end));
        }
        return new Judgement(input, judge.judge(input));
    }

    /**
     * Kayenta's {@code customFilterTemplate}: the name of one of the config's {@code templates}, handed to the source
     * as the metric's {@code customInlineTemplate} (as Kayenta's QueryConfigUtils expands it for every source).
     */
    static Map<String, Object> withTemplate(CanaryConfig config, MetricConfig m) {
        Object name = m.query().get("customFilterTemplate");
        if (name == null || m.query().get("customInlineTemplate") != null) {
            return m.query();
        }
        String template = config.templates().get(String.valueOf(name));
        if (template == null) {
            throw new IllegalArgumentException("metric " + m.name() + ": query.customFilterTemplate '" + name
                    + "' is not one of the config's templates "
                    + config.templates().keySet());
        }
        Map<String, Object> q = new java.util.LinkedHashMap<>(m.query());
        q.remove("customFilterTemplate");
        q.put("customInlineTemplate", template);
        return q;
    }

    private MetricSeries query(
            String type,
            String metric,
            Map<String, Object> q,
            String component,
            Scope scope,
            Placement p,
            Instant start,
            Instant end) {
        return targets.source(type)
                .query(new MetricQuery(
                        metric,
                        q,
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
