package dev.verdict.deploy.experiment.aggregate;

import java.time.Instant;

/**
 * The change one input makes to one arm's sums, keyed by {@link ArmStats#key}. Only ever summed into
 * {@link ArmStats}; never published, because a consumer of deltas could not tell a replay from a new change.
 *
 * @param at the CloudEvent time of the input that caused it
 */
record ArmDelta(
        String experiment,
        int phase,
        int variation,
        String metric,
        long n,
        double sumY,
        double sumY2,
        double sumX,
        double sumX2,
        double sumXY,
        Instant at)
        implements Emitted {

    /** A unit's first exposure: one more unit, bringing its pre-period total {@code x} and {@code y = 0}. */
    static ArmDelta exposure(String experiment, int phase, int variation, String metric, double x, Instant at) {
        return new ArmDelta(experiment, phase, variation, metric, 1, 0, 0, x, x * x, 0, at);
    }

    /** An exposed unit's {@code y} goes from {@code y0} to {@code y0 + v} while its {@code x} stays. */
    static ArmDelta outcome(
            String experiment, int phase, int variation, String metric, double x, double y0, double v, Instant at) {
        double y1 = y0 + v;
        return new ArmDelta(experiment, phase, variation, metric, 0, v, y1 * y1 - y0 * y0, 0, 0, x * v, at);
    }

    /** A late pre-period observation: an exposed unit's {@code x} goes from {@code x0} to {@code x0 + v}. */
    static ArmDelta covariate(
            String experiment, int phase, int variation, String metric, double x0, double y, double v, Instant at) {
        double x1 = x0 + v;
        return new ArmDelta(experiment, phase, variation, metric, 0, 0, 0, v, x1 * x1 - x0 * x0, v * y, at);
    }

    String key() {
        return ArmStats.key(experiment, phase, variation, metric);
    }
}
