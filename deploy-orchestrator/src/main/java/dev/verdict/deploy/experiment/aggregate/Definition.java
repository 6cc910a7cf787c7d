package dev.verdict.deploy.experiment.aggregate;

import static dev.verdict.deploy.experiment.aggregate.Wire.readString;
import static dev.verdict.deploy.experiment.aggregate.Wire.writeString;

import dev.verdict.events.experiment.ExperimentChanged;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/**
 * What the aggregation needs of an {@link ExperimentChanged}: whether it runs, its current phase, how many variations
 * it has and which metrics it measures. Stored in the global store {@link AggregationTopics#DEFINITIONS_STORE} twice:
 * under {@link #storeKey} for exposures, and under {@link #metricKey} once per metric, so an observation finds the
 * experiments that measure its metric with one prefix scan instead of reading every definition.
 *
 * @param experiment the experiment key
 * @param status     the event's word ({@code draft}, {@code running}, {@code stopped}, {@code concluded}); kept as the
 *                   wire string so a status added later reads as "not running" instead of failing the stream
 * @param phase      the current phase
 * @param variations the number of variations (valid indexes are 0 until this)
 * @param metrics    distinct metric names, in the definition's order
 */
public record Definition(String experiment, String status, int phase, int variations, List<String> metrics) {

    static final String RUNNING = "running";

    /**
     * The global store's form (binary: the per-unit stage reads a definition for every input). The definitions topic
     * carries JSON ({@link JsonSerde#DEFINITION}).
     */
    static final Serde<Definition> STORE_SERDE =
            Wire.serde((byte) 1, Definition::write, Definition::read, Definition.class);

    // NUL cannot occur in a key or metric name that someone typed, so the prefix of one metric never matches another
    private static final char SEP = '\u0000';

    public Definition {
        metrics = metrics == null ? List.of() : List.copyOf(new LinkedHashSet<>(metrics));
    }

    static Definition of(ExperimentChanged c) {
        List<String> metrics = new ArrayList<>();
        if (c.metrics() != null) {
            c.metrics().stream().filter(m -> m != null && !m.isBlank()).forEach(metrics::add);
        }
        return new Definition(
                c.key(),
                c.status(),
                c.phase(),
                c.variations() == null ? 0 : c.variations().size(),
                metrics);
    }

    private static void write(Definition d, DataOutputStream out) throws IOException {
        writeString(out, d.experiment);
        writeString(out, d.status);
        out.writeInt(d.phase);
        out.writeInt(d.variations);
        out.writeInt(d.metrics.size());
        for (String m : d.metrics) {
            writeString(out, m);
        }
    }

    private static Definition read(byte version, DataInputStream in) throws IOException {
        if (version != 1) {
            throw Wire.unknownVersion("definition", version);
        }
        String experiment = readString(in);
        String status = readString(in);
        int phase = in.readInt();
        int variations = in.readInt();
        List<String> metrics = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            metrics.add(readString(in));
        }
        return new Definition(experiment, status, phase, variations, metrics);
    }

    boolean running() {
        return RUNNING.equals(status);
    }

    static String storeKey(String experiment) {
        return "e" + SEP + experiment;
    }

    static String metricKey(String metric, String experiment) {
        return metricPrefix(metric) + experiment;
    }

    static String metricPrefix(String metric) {
        return "m" + SEP + metric + SEP;
    }
}
