package dev.verdict.deploy.deployment.engine;

import dev.verdict.deploy.deployment.store.DeploymentEntity;
import dev.verdict.deploy.deployment.store.JudgementEntity;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.evidence.EvidenceEvents;
import dev.verdict.events.evidence.EvidenceReported;
import dev.verdict.judge.JudgeResult;
import dev.verdict.judge.MetricResult;
import dev.verdict.judge.preprocess.SampleStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A judgement as evidence for decision-records ({@code verdict.deploy.v1}, kind {@code canary}): one item per
 * judged metric (classification High / Low / Pass / Nodata, ratio canary / baseline) and one for the summary
 * ({@code canary-score}: Pass / Marginal / Fail). Each carries the provenance that makes it checkable: the config
 * and its hash, both versions and runtimes, the window, sample sizes and the judge's own numbers.
 */
final class CanaryEvidence {

    static final String SERVICE = "deploy-orchestrator";
    static final String SCORE_METRIC = "canary-score";
    static final String COMPARISON = "ratio(canary/baseline)";

    private CanaryEvidence() {}

    static List<VerdictEvent<EvidenceReported>> of(DeploymentEntity d, JudgementEntity j, JudgeResult r) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("judge", r.judgeName());
        config.put("pass", Double.toString(d.passThreshold));
        config.put("marginal", Double.toString(d.marginalThreshold));
        config.put("step", Integer.toString(j.stepIndex));
        config.put("run", Integer.toString(j.run));
        config.put("judgement", j.id.toString());
        config.put("resultHash", j.resultHash);
        Map<String, String> other = new LinkedHashMap<>();
        other.put("canaryVersion", d.version);
        other.put("baselineVersion", d.baselineVersion);
        other.put("canaryRuntime", d.runtime == null ? "default" : d.runtime);
        other.put("baselineRuntime", d.baselineRuntime == null ? "default" : d.baselineRuntime);
        EvidenceReported.Provenance provenance = new EvidenceReported.Provenance(
                SERVICE,
                d.id.toString(),
                config,
                d.configHash,
                new EvidenceReported.Environment(null, d.runtime, null, System.getProperty("os.name"), other),
                d.version,
                j.windowStart,
                j.windowEnd);
        List<VerdictEvent<EvidenceReported>> out = new ArrayList<>();
        for (MetricResult m : r.results()) {
            if (m.muted()) {
                continue;
            }
            SampleStats c = m.experimentMetadata().stats();
            SampleStats b = m.controlMetadata().stats();
            Map<String, Object> n = m.resultMetadata().details();
            // the estimate is a ratio (canary / baseline), so the judge's interval of the shift (canary − baseline)
            // is given as a ratio too: 1 + shift / baseline mean; none where the baseline's mean is 0
            Double lower = ratio(number(n, "ciLower"), b);
            Double upper = ratio(number(n, "ciUpper"), b);
            EvidenceReported.Result result = new EvidenceReported.Result(
                    "mann-whitney-hodges-lehmann (" + r.judgeName() + "); interval: shift / baseline mean + 1",
                    m.resultMetadata().ratio(),
                    lower,
                    upper,
                    r.confidenceLevel(),
                    number(n, "pValue"),
                    (long) b.count(),
                    (long) c.count(),
                    m.classification().label());
            out.add(event(
                    d,
                    m.name(),
                    provenance,
                    new EvidenceReported.Measurements(null, List.of(group("baseline", b), group("canary", c))),
                    result,
                    m.classificationReason()));
        }
        EvidenceReported.Result score = new EvidenceReported.Result(
                "weighted group score (" + r.judgeName() + ")",
                r.score().score(),
                null,
                null,
                null,
                null,
                null,
                null,
                r.score().classification().label());
        out.add(event(d, SCORE_METRIC, provenance, null, score, r.score().classificationReason()));
        return out;
    }

    private static VerdictEvent<EvidenceReported> event(
            DeploymentEntity d,
            String metric,
            EvidenceReported.Provenance p,
            EvidenceReported.Measurements m,
            EvidenceReported.Result r,
            String notes) {
        return VerdictEvent.create(
                EvidenceEvents.DEPLOY_EVIDENCE,
                SERVICE,
                d.component,
                new EvidenceReported(
                        "canary",
                        d.component,
                        d.decisionRef,
                        metric,
                        SCORE_METRIC.equals(metric) ? null : COMPARISON,
                        p,
                        m,
                        r,
                        List.of(),
                        null,
                        notes));
    }

    private static EvidenceReported.Group group(String name, SampleStats s) {
        Map<String, Double> summary = new LinkedHashMap<>();
        if (s.count() > 0) {
            summary.put("mean", s.mean());
            summary.put("min", s.min());
            summary.put("max", s.max());
            summary.put("std", s.std());
        }
        return new EvidenceReported.Group(name, s.count(), summary, null, null);
    }

    private static Double ratio(Double shift, SampleStats baseline) {
        return shift == null || baseline.count() == 0 || baseline.mean() == 0 ? null : 1 + shift / baseline.mean();
    }

    private static Double number(Map<String, Object> n, String key) {
        return n != null && n.get(key) instanceof Number x ? x.doubleValue() : null;
    }
}
