package dev.verdict.deploy.experiment.aggregate;

import static dev.verdict.deploy.experiment.aggregate.Wire.readInstant;
import static dev.verdict.deploy.experiment.aggregate.Wire.readString;
import static dev.verdict.deploy.experiment.aggregate.Wire.writeInstant;
import static dev.verdict.deploy.experiment.aggregate.Wire.writeString;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;

/**
 * The change inputs make to one arm's sums, keyed by {@link ArmStats#key}: one input's, or the sum of a task's
 * inputs since its last flush. Only ever summed into {@link ArmStats}; never published, because a consumer of deltas
 * could not tell a replay from a new change.
 *
 * @param at the latest CloudEvent time of the inputs that caused it
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

    static final Serde<ArmDelta> SERDE = Wire.serde((byte) 1, ArmDelta::write, ArmDelta::read, ArmDelta.class);

    /** Both changes together; the sums are exact in any order of addition for the values a test checks. */
    ArmDelta plus(ArmDelta o) {
        return new ArmDelta(
                experiment,
                phase,
                variation,
                metric,
                n + o.n,
                sumY + o.sumY,
                sumY2 + o.sumY2,
                sumX + o.sumX,
                sumX2 + o.sumX2,
                sumXY + o.sumXY,
                o.at.isAfter(at) ? o.at : at);
    }

    static void write(ArmDelta d, DataOutputStream out) throws IOException {
        writeString(out, d.experiment);
        out.writeInt(d.phase);
        out.writeInt(d.variation);
        writeString(out, d.metric);
        out.writeLong(d.n);
        out.writeDouble(d.sumY);
        out.writeDouble(d.sumY2);
        out.writeDouble(d.sumX);
        out.writeDouble(d.sumX2);
        out.writeDouble(d.sumXY);
        writeInstant(out, d.at);
    }

    static ArmDelta read(byte version, DataInputStream in) throws IOException {
        if (version != 1) {
            throw Wire.unknownVersion("arm delta or sums", version);
        }
        return new ArmDelta(
                readString(in),
                in.readInt(),
                in.readInt(),
                readString(in),
                in.readLong(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                readInstant(in));
    }

    String key() {
        return ArmStats.key(experiment, phase, variation, metric);
    }
}
