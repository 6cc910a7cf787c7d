package dev.verdict.judge;

import dev.verdict.judge.classify.Classification;
import dev.verdict.judge.classify.MetricClassifier;
import dev.verdict.judge.classify.MetricLabel;
import dev.verdict.judge.config.CanaryConfig;
import dev.verdict.judge.config.ConfigError;
import dev.verdict.judge.config.InvalidConfigException;
import dev.verdict.judge.config.MetricConfig;
import dev.verdict.judge.config.Thresholds;
import dev.verdict.judge.preprocess.Preprocessor;
import dev.verdict.judge.preprocess.SampleStats;
import dev.verdict.judge.score.Scorer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The canary judge: preprocess → classify → score, per the stage packages. A pure function of its inputs: the same
 * config, thresholds and pairs always give the same result, so a stored judgement can be re-run and compared.
 */
public final class Judge {

    /** The name results carry: Kayenta's judge whose semantics these are, and this implementation's version. */
    public static final String NAME = "NetflixACAJudge-v1.0 (verdict-judge 1)";

    private Judge() {}

    /**
     * Judges every pair against the metric of its name. A pair whose metric the config lacks is an {@link
     * InvalidConfigException} at {@code /pairs/<i>/name}; a metric that cannot be classified is {@code Error} and the
     * others are judged.
     */
    public static JudgeResult judge(CanaryConfig config, Thresholds thresholds, List<MetricPair> pairs) {
        Map<String, MetricConfig> byName = new HashMap<>();
        config.metrics().forEach(m -> byName.putIfAbsent(m.name(), m));
        List<ConfigError> unknown = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            if (!byName.containsKey(pairs.get(i).name())) {
                unknown.add(new ConfigError(
                        "/pairs/" + i + "/name",
                        "the config has no metric named '" + pairs.get(i).name() + "'"));
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidConfigException(unknown);
        }
        List<MetricResult> results = new ArrayList<>();
        List<Scorer.Judged> judged = new ArrayList<>();
        for (MetricPair p : pairs) {
            MetricConfig m = byName.get(p.name());
            double[] e;
            double[] c;
            Classification k;
            try {
                e = Preprocessor.prepare(m, p.experiment());
                c = Preprocessor.prepare(m, p.control());
                k = MetricClassifier.classify(m, e, c);
            } catch (RuntimeException ex) {
                e = new double[0];
                c = new double[0];
                k = new Classification(
                        MetricLabel.ERROR, "Metric Classification Failed: " + ex.getMessage(), null, false, Map.of());
            }
            results.add(new MetricResult(
                    p.name(),
                    p.tags(),
                    m.groups(),
                    k.label(),
                    k.reason(),
                    new MetricResult.Metadata(SampleStats.of(e)),
                    new MetricResult.Metadata(SampleStats.of(c)),
                    new MetricResult.ResultMetadata(k.ratio(), k.numbers()),
                    k.critical(),
                    m.muted()));
            judged.add(new Scorer.Judged(p.name(), m.groups(), k.label(), k.reason(), k.critical(), m.muted()));
        }
        Scorer.Result s = Scorer.score(judged, config.groupWeights(), thresholds);
        return new JudgeResult(
                NAME,
                MetricClassifier.TOLERANCE,
                MetricClassifier.CONFIDENCE,
                List.copyOf(results),
                s.groups(),
                s.score());
    }
}
