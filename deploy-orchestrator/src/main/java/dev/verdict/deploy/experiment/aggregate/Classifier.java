package dev.verdict.deploy.experiment.aggregate;

import dev.verdict.events.EventCodec;
import dev.verdict.events.EventFormatException;
import dev.verdict.events.Timestamps;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.experiment.ExperimentChanged;
import dev.verdict.events.experiment.ExposureRecorded;
import dev.verdict.events.telemetry.MetricObserved;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import org.apache.kafka.common.utils.Utils;

/**
 * The topology's first, stateless stage: decodes an input record and says where it goes. Checks here everything
 * that needs no state (a unit, a readable time, a finite value), so the per-unit stage only decides what needs the
 * definitions and the unit's history.
 */
final class Classifier {

    /** Where one input goes. */
    sealed interface Route {}

    /** A definition, re-keyed by its experiment key, for {@link AggregationTopics#DEFINITIONS}. */
    record ToDefinitions(String experiment, Definition definition) implements Route {}

    /**
     * An exposure or observation for the per-unit stage.
     *
     * @param direct the record is keyed by its unit and sits in the partition the by-unit topic would put it in, so
     *               this task is already its unit's task and it needs no repartition
     */
    record ToUnit(String unit, UnitEvent event, boolean direct) implements Route {}

    record ToParked(Parked parked) implements Route {}

    /** Another event type on the same topic (e.g. evidence on the experiments topic): not this topology's input. */
    record Ignored() implements Route {}

    private static final Ignored IGNORED = new Ignored();

    private final EventCodec codec;
    private final int partitions;

    /** @param partitions the by-unit topic's partition count: a unit's task is the partition its id hashes to */
    Classifier(EventCodec codec, int partitions) {
        this.codec = Objects.requireNonNull(codec, "codec");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        this.partitions = partitions;
    }

    /**
     * @param partition the input record's partition, or -1 if unknown (then it is repartitioned)
     */
    Route classify(String topic, int partition, String key, byte[] value) {
        if (value == null) {
            return parked(topic, key, null, null, ParkReason.UNDECODABLE, "a record without a value", null);
        }
        VerdictEvent<?> event;
        try {
            event = codec.decode(value);
        } catch (EventFormatException e) {
            return parked(topic, key, e.eventId(), e.eventType(), ParkReason.UNDECODABLE, e.getMessage(), value);
        }
        String id = event.id().toString();
        if (topic.equals(AggregationTopics.EXPERIMENTS)) {
            if (event.data() instanceof ExperimentChanged c) {
                String problem = definitionProblem(c);
                return problem == null
                        ? new ToDefinitions(c.key(), Definition.of(c))
                        : parked(topic, key, id, event.type(), ParkReason.INVALID, problem, value);
            }
            if (event.data() instanceof ExposureRecorded x) {
                String problem = exposureProblem(x);
                return problem == null
                        ? toUnit(
                                x.unit(),
                                partition,
                                key,
                                UnitEvent.exposure(
                                        topic,
                                        key,
                                        event.id(),
                                        event.type(),
                                        event.time(),
                                        x.experiment(),
                                        x.phase(),
                                        x.variation(),
                                        Timestamps.parseInstant(x.at()),
                                        value))
                        : parked(topic, key, id, event.type(), ParkReason.INVALID, problem, value);
            }
        } else if (topic.equals(AggregationTopics.TELEMETRY) && event.data() instanceof MetricObserved m) {
            String problem = observationProblem(m);
            return problem == null
                    ? toUnit(
                            m.unit(),
                            partition,
                            key,
                            UnitEvent.observation(
                                    topic,
                                    key,
                                    event.id(),
                                    event.type(),
                                    event.time(),
                                    m.metric(),
                                    m.value(),
                                    Timestamps.parseInstant(m.at())))
                    : parked(topic, key, id, event.type(), ParkReason.INVALID, problem, value);
        }
        return IGNORED;
    }

    private ToUnit toUnit(String unit, int partition, String key, UnitEvent event) {
        return new ToUnit(unit, event, partition >= 0 && unit.equals(key) && partition == partitionOf(unit));
    }

    /** The partition Kafka's default partitioner (and Kafka Streams' repartition sink) gives a String key. */
    int partitionOf(String unit) {
        return Utils.toPositive(Utils.murmur2(unit.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static String definitionProblem(ExperimentChanged c) {
        if (blank(c.key())) {
            return "experiment change without a key";
        }
        if (c.key().indexOf('|') >= 0) {
            return "experiment key " + c.key() + " contains '|', the separator of the arm keys";
        }
        return null;
    }

    private static String exposureProblem(ExposureRecorded x) {
        if (blank(x.unit())) {
            return "exposure without a unit";
        }
        if (blank(x.experiment())) {
            return "exposure without an experiment";
        }
        return timeProblem(x.at());
    }

    private static String observationProblem(MetricObserved m) {
        if (blank(m.unit())) {
            return "metric observation without a unit";
        }
        if (blank(m.metric())) {
            return "metric observation without a metric";
        }
        if (!Double.isFinite(m.value())) {
            // one NaN would make the arm's sums NaN for good
            return "value " + m.value() + " is not finite";
        }
        return timeProblem(m.at());
    }

    private static String timeProblem(String at) {
        if (at == null) {
            return "no time (at)";
        }
        try {
            Timestamps.parseInstant(at);
            return null;
        } catch (DateTimeParseException e) {
            return "at '" + at + "' is not an ISO-8601 instant";
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static ToParked parked(
            String topic, String key, String id, String type, ParkReason kind, String reason, byte[] value) {
        return new ToParked(new Parked(id, topic, key, type, kind, reason, value));
    }
}
