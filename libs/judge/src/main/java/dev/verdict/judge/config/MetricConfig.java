package dev.verdict.judge.config;

import java.util.List;
import java.util.Map;

/**
 * One metric of a canary config, with Kayenta's {@code analysisConfigurations.canary} settings and Verdict's opt-in
 * checks ({@code analysisConfigurations.canary.verdict}).
 *
 * @param query the source-specific query, unchanged (the judge does not read it; the metric source does)
 * @param removeNaN {@code nanStrategy}: remove (true, the default) or replace by 0
 * @param outlierFactor the IQR factor when outliers are removed; null keeps them (the default)
 * @param variance opt-in: flag a rise in spread even when the middle did not move; null when off
 * @param tail opt-in: flag a shift of a high quantile (p99 by default); null when off
 */
public record MetricConfig(
        String name,
        List<String> groups,
        String scopeName,
        Map<String, Object> query,
        Direction direction,
        boolean removeNaN,
        boolean critical,
        boolean mustHaveData,
        boolean muted,
        EffectSize effectSize,
        Double outlierFactor,
        VarianceCheck variance,
        TailCheck tail) {

    /**
     * Kayenta's effect-size gate: a High also needs {@code effect >= allowedIncrease}, a Low {@code effect <=
     * allowedDecrease}; a critical metric fails the canary when {@code effect >= criticalIncrease} (or {@code <=
     * criticalDecrease}). A NaN effect (a mean of 0) passes every gate, as in Kayenta.
     */
    public record EffectSize(
            Measure measure,
            double allowedIncrease,
            double allowedDecrease,
            double criticalIncrease,
            double criticalDecrease) {

        public static EffectSize defaults(Measure m) {
            double d = m == Measure.CLES ? 0.5 : 1.0;
            return new EffectSize(m, d, d, d, d);
        }
    }

    /** {@code meanRatio}: mean(canary) / mean(baseline); {@code cles}: P(canary > baseline) + P(equal) / 2. */
    public enum Measure {
        MEAN_RATIO("meanRatio"),
        CLES("cles");

        private final String label;

        Measure(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * High when the canary's absolute deviations from its median are shifted up against the baseline's (Mann-Whitney
     * interval above 0) and its standard deviation is at least {@code allowedIncrease} times the baseline's.
     */
    public record VarianceCheck(double allowedIncrease) {}

    /**
     * High when the lower confidence bound of the canary's {@code quantile} exceeds {@code allowedIncrease} times the
     * upper bound of the baseline's (distribution-free order-statistic intervals).
     */
    public record TailCheck(double quantile, double allowedIncrease) {}
}
