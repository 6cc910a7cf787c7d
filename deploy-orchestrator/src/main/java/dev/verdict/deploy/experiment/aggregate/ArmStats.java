package dev.verdict.deploy.experiment.aggregate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;

/**
 * The sufficient statistics of one arm (experiment, phase, variation, metric) over its exposed units: with
 * {@code y} a unit's sum of the metric from its first exposure on and {@code x} its sum before (the CUPED
 * covariate), and a unit without observations counting {@code x = y = 0}. Mean, variance, CUPED's θ and the adjusted
 * mean all follow from these six numbers. Published whole on every change, so a consumer that keeps the last value
 * per key is idempotent under replays.
 *
 * @param n         exposed units
 * @param sumY      Σ y
 * @param sumY2     Σ y²
 * @param sumX      Σ x
 * @param sumX2     Σ x²
 * @param sumXY     Σ x·y
 * @param updatedAt the latest CloudEvent time among the inputs that changed this arm
 */
public record ArmStats(
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
        Instant updatedAt) {

    /** The aggregate before an arm's first delta; its identity comes from that delta. */
    static final ArmStats EMPTY = new ArmStats(null, 0, 0, null, 0, 0, 0, 0, 0, 0, null);

    /**
     * The arm store's form (binary, read by the aggregate on every change). The stats topic carries JSON
     * ({@link JsonSerde#ARM_STATS}) for its consumers.
     */
    static final Serde<ArmStats> STORE_SERDE = Wire.serde((byte) 1, ArmStats::write, ArmStats::read, ArmStats.class);

    // the same fields as an arm delta: one binary form for both
    private static void write(ArmStats a, DataOutputStream out) throws IOException {
        ArmDelta.write(
                new ArmDelta(
                        a.experiment,
                        a.phase,
                        a.variation,
                        a.metric,
                        a.n,
                        a.sumY,
                        a.sumY2,
                        a.sumX,
                        a.sumX2,
                        a.sumXY,
                        a.updatedAt),
                out);
    }

    private static ArmStats read(byte version, DataInputStream in) throws IOException {
        ArmDelta d = ArmDelta.read(version, in);
        return new ArmStats(
                d.experiment(),
                d.phase(),
                d.variation(),
                d.metric(),
                d.n(),
                d.sumY(),
                d.sumY2(),
                d.sumX(),
                d.sumX2(),
                d.sumXY(),
                d.at());
    }

    /**
     * {@code experiment|phase|variation|metric}. Unambiguous as long as experiment keys hold no {@code |} (the
     * topology parks definitions whose key does), because phase and variation are numbers.
     */
    public static String key(String experiment, int phase, int variation, String metric) {
        return experiment + "|" + phase + "|" + variation + "|" + metric;
    }

    ArmStats plus(ArmDelta d) {
        Instant at = updatedAt == null || d.at().isAfter(updatedAt) ? d.at() : updatedAt;
        return new ArmStats(
                d.experiment(),
                d.phase(),
                d.variation(),
                d.metric(),
                n + d.n(),
                sumY + d.sumY(),
                sumY2 + d.sumY2(),
                sumX + d.sumX(),
                sumX2 + d.sumX2(),
                sumXY + d.sumXY(),
                at);
    }
}
