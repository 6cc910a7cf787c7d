package dev.verdict.deploy.experiment.aggregate;

import dev.verdict.events.experiment.ExperimentEvents;
import dev.verdict.events.experiment.ExposureRecorded;
import dev.verdict.events.telemetry.MetricObserved;
import dev.verdict.events.telemetry.TelemetryEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A seeded stream of exposures and metric observations of one running experiment as SDKs and services publish them,
 * and the arm sums it must come to, for tests and benchmarks on the real broker. Per unit: one exposure, reported a
 * second time (another event id, the same fact) for 30 % of units; 0-2 pre-period and 0-3 post-exposure
 * observations of each metric; 15 % of all observations redelivered with the same event id (the same bytes). All of
 * it shuffled, so observations often arrive before their unit's exposure and redeliveries before their original.
 *
 * <p>The expected sums are worked out from the distinct facts (each unit once, split at its exposure time; each
 * event id once), never from the stream. Values are multiples of 1/4 below 64, so at these sizes every partial sum
 * is exact in doubles whatever the order of addition: a sum that differs at all counted something twice or not at
 * all.
 */
final class AggregationWorkload {

    static final List<String> METRICS = List.of("order-value", "sessions");
    static final int VARIATIONS = 2;
    static final Instant T0 = AggregationHarness.T0;

    /** One record to produce, as it goes on the wire. */
    record Input(String topic, String key, byte[] value) {}

    /** One arm's n, Σy, Σy², Σx, Σx², Σxy. */
    record Sums(long n, double sumY, double sumY2, double sumX, double sumX2, double sumXY) {

        static final Sums ZERO = new Sums(0, 0, 0, 0, 0, 0);

        Sums plusUnit(double x, double y) {
            return new Sums(n + 1, sumY + y, sumY2 + y * y, sumX + x, sumX2 + x * x, sumXY + x * y);
        }
    }

    private final String experiment;
    private final int phase;
    private final List<Input> inputs;
    private final Map<String, Sums> expected;
    private final int units;
    private final int duplicateExposures;
    private final int redeliveries;

    private AggregationWorkload(
            String experiment,
            int phase,
            List<Input> inputs,
            Map<String, Sums> expected,
            int units,
            int duplicateExposures,
            int redeliveries) {
        this.experiment = experiment;
        this.phase = phase;
        this.inputs = List.copyOf(inputs);
        this.expected = Collections.unmodifiableMap(expected);
        this.units = units;
        this.duplicateExposures = duplicateExposures;
        this.redeliveries = redeliveries;
    }

    /**
     * @param experiment the key of a running experiment measuring {@link #METRICS} with {@link #VARIATIONS}
     *                   variations; unit ids are prefixed with it, so two workloads never share a unit
     * @param phase      its current phase
     */
    static AggregationWorkload generate(String experiment, int phase, int units, long seed) {
        Random random = new Random(seed);
        List<Input> inputs = new ArrayList<>();
        Map<String, Sums> expected = new TreeMap<>();
        int duplicates = 0;
        int redeliveries = 0;
        for (int u = 0; u < units; u++) {
            String unit = experiment + "-u" + u;
            int variation = random.nextInt(VARIATIONS);
            Instant exposedAt = T0.plusMillis(u);
            byte[] exposure = exposure(uuid(random), experiment, phase, unit, variation, exposedAt);
            inputs.add(new Input(AggregationTopics.EXPERIMENTS, unit, exposure));
            if (random.nextDouble() < 0.30) {
                // the SDK reports every evaluation: a new event, the same unit, variation and time
                inputs.add(new Input(
                        AggregationTopics.EXPERIMENTS,
                        unit,
                        exposure(uuid(random), experiment, phase, unit, variation, exposedAt)));
                duplicates++;
            }
            for (String metric : METRICS) {
                double x = 0;
                double y = 0;
                int before = random.nextInt(3);
                int after = random.nextInt(4);
                for (int i = 0; i < before + after; i++) {
                    boolean pre = i < before;
                    Instant at = exposedAt.plusSeconds((pre ? -1 : 1) * (1 + random.nextInt(3600)));
                    double value = metric.equals("sessions") ? 1 + random.nextInt(5) : (1 + random.nextInt(255)) / 4.0;
                    byte[] bytes = observation(uuid(random), unit, metric, value, at);
                    inputs.add(new Input(AggregationTopics.TELEMETRY, unit, bytes));
                    if (random.nextDouble() < 0.15) {
                        inputs.add(new Input(AggregationTopics.TELEMETRY, unit, bytes)); // redelivered as it was
                        redeliveries++;
                    }
                    if (pre) {
                        x += value;
                    } else {
                        y += value;
                    }
                }
                expected.merge(
                        ArmStats.key(experiment, phase, variation, metric),
                        Sums.ZERO.plusUnit(x, y),
                        AggregationWorkload::add);
            }
        }
        Collections.shuffle(inputs, random);
        // the probe unit (see probe()): exposed in variation 0 and never observed, so x = y = 0 for every metric
        for (String metric : METRICS) {
            expected.merge(
                    ArmStats.key(experiment, phase, 0, metric), Sums.ZERO.plusUnit(0, 0), AggregationWorkload::add);
        }
        return new AggregationWorkload(experiment, phase, inputs, expected, units, duplicates, redeliveries);
    }

    private static Sums add(Sums a, Sums b) {
        return new Sums(
                a.n() + b.n(),
                a.sumY() + b.sumY(),
                a.sumY2() + b.sumY2(),
                a.sumX() + b.sumX(),
                a.sumX2() + b.sumX2(),
                a.sumXY() + b.sumXY());
    }

    /**
     * The {@code attempt}-th exposure of the probe unit, each a new event: a test sends them until one is counted,
     * which proves the aggregation has the running definition (an exposure that overtakes it is parked, not held).
     * The unit is counted once however many are sent; {@link #expected()} includes it.
     */
    Input probe(int attempt) {
        UUID id = UUID.nameUUIDFromBytes((experiment + "-probe-" + attempt).getBytes(StandardCharsets.UTF_8));
        String unit = experiment + "-probe";
        return new Input(AggregationTopics.EXPERIMENTS, unit, exposure(id, experiment, phase, unit, 0, T0));
    }

    /** Every record to send, in sending order (probes not included). */
    List<Input> inputs() {
        return inputs;
    }

    /** {@link #inputs()} cut into {@code count} consecutive slices of (nearly) equal size. */
    List<List<Input>> batches(int count) {
        List<List<Input>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(inputs.subList(inputs.size() * i / count, inputs.size() * (i + 1) / count));
        }
        return out;
    }

    /** Per arm key ({@link ArmStats#key}): the sums of the distinct facts, the probe unit included. */
    Map<String, Sums> expected() {
        return expected;
    }

    /** Units, not counting the probe. */
    int units() {
        return units;
    }

    int duplicateExposures() {
        return duplicateExposures;
    }

    int redeliveries() {
        return redeliveries;
    }

    static Sums sums(ArmStats s) {
        return new Sums(s.n(), s.sumY(), s.sumY2(), s.sumX(), s.sumX2(), s.sumXY());
    }

    private static byte[] exposure(UUID id, String experiment, int phase, String unit, int variation, Instant at) {
        return AggregationHarness.encode(
                ExperimentEvents.EXPOSURE_RECORDED.name(),
                id,
                at,
                new ExposureRecorded(experiment, phase, unit, variation, at.toString(), "sdk:workload"));
    }

    private static byte[] observation(UUID id, String unit, String metric, double value, Instant at) {
        return AggregationHarness.encode(
                TelemetryEvents.METRIC_OBSERVED.name(),
                id,
                at,
                new MetricObserved(unit, metric, value, at.toString(), null));
    }

    private static UUID uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong());
    }
}
