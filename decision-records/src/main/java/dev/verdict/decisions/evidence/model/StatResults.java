package dev.verdict.decisions.evidence.model;

import dev.verdict.stats.ConfidenceInterval;
import dev.verdict.stats.bootstrap.BootstrapResult;
import dev.verdict.stats.mean.LiftResult;
import dev.verdict.stats.mean.MeanDifferenceResult;
import dev.verdict.stats.mean.ProportionTestResult;
import dev.verdict.stats.rank.MannWhitneyResult;

/**
 * Maps verdict-stats' result records onto the evidence model's {@link StatisticalResult}. verdict-stats uses the
 * convention sample 1 = treatment / candidate, sample 2 = control / baseline; so does this mapping. The
 * classification is left empty: it is a judgement (canary analysis), not a statistic.
 */
public final class StatResults {

    private StatResults() {}

    public static StatisticalResult of(MannWhitneyResult r) {
        return build(r.method(), r.estimate(), r.confidenceInterval(), r.pValue(), r.n2(), r.n1());
    }

    public static StatisticalResult of(BootstrapResult r) {
        return build(
                "bootstrap " + r.method() + " " + r.statistic(),
                r.estimate(),
                r.confidenceInterval(),
                null,
                r.n2(),
                r.n1());
    }

    public static StatisticalResult of(MeanDifferenceResult r) {
        return build(r.method(), r.estimate(), r.confidenceInterval(), r.pValue(), r.n2(), r.n1());
    }

    public static StatisticalResult of(LiftResult r) {
        return build(r.method(), r.estimate(), r.confidenceInterval(), r.pValue(), r.nControl(), r.nTreatment());
    }

    public static StatisticalResult of(ProportionTestResult r) {
        return build(r.method(), r.estimate(), r.confidenceInterval(), r.pValue(), r.n2(), r.n1());
    }

    private static StatisticalResult build(
            String method, double estimate, ConfidenceInterval ci, Double p, long baselineN, long candidateN) {
        return new StatisticalResult(
                method,
                estimate,
                ci == null ? null : ci.lower(),
                ci == null ? null : ci.upper(),
                ci == null ? null : ci.level(),
                p,
                baselineN,
                candidateN,
                null);
    }
}
