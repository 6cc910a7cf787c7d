package dev.verdict.deploy.experiment.aggregate;

import static dev.verdict.deploy.experiment.aggregate.AggregationHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.events.experiment.ExperimentEvents;
import dev.verdict.events.experiment.ExposureRecorded;
import dev.verdict.events.telemetry.MetricObserved;
import dev.verdict.events.telemetry.TelemetryEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 2,000 seeded random inputs (exposures valid and not, re-sent exposures, observations early, late and unlisted,
 * redeliveries, garbage, a new phase and a stop midway) through the topology, compared with a recomputation that
 * follows the definition directly: it keeps every input, and only at the end works out each unit's {@code x} and
 * {@code y} and sums them, with no deltas. Values are multiples of 1/4, so every sum is exact in doubles and the
 * comparison is equality.
 */
class ExperimentAggregationPropertyTest {

    private static final int EVENTS = 2_000;
    private static final int UNITS = 25;
    private static final List<String> METRICS = List.of("m1", "m2", "m3", "m4"); // m4: listed by no experiment

    /** A definition as the model sees it. */
    record Def(String key, String status, int phase, int variations, List<String> metrics) {
        boolean running() {
            return status.equals("running");
        }
    }

    record Exposure(int arrival, String experiment, int phase, String unit, int variation, Instant at, Def def) {}

    /** An observation with the experiments (key → phase) that were running and listed its metric on arrival. */
    record Observation(
            int arrival, UUID id, String unit, String metric, double value, Instant at, Map<String, Integer> live) {}

    @ParameterizedTest
    @ValueSource(longs = {1L, 20260301L})
    void theTopologyAgreesWithARecomputationFromTheDefinition(long seed) {
        Random random = new Random(seed);
        Map<String, Def> defs = new TreeMap<>();
        List<Exposure> accepted = new ArrayList<>();
        List<Observation> observations = new ArrayList<>();
        List<byte[]> sentExposures = new ArrayList<>();
        List<String> sentExposureKeys = new ArrayList<>();
        List<byte[]> sentObservations = new ArrayList<>();
        List<Observation> sentObservationModels = new ArrayList<>();
        Map<String, Integer> parkedByKind = new TreeMap<>();
        Set<String> firstExposures = new HashSet<>();
        Map<String, Set<UUID>> seen = new HashMap<>();

        // in-memory stores: the test driver flushes RocksDB on every record (about 5 ms each); the serdes still run,
        // and
        // ExperimentAggregationTopologyTest covers the RocksDB stores
        try (AggregationHarness h = new AggregationHarness(ExperimentAggregationTopology.DEFAULT_DEDUPE_WINDOW, true)) {
            define(h, defs, new Def("alpha", "running", 1, 2, List.of("m1", "m2")));
            define(h, defs, new Def("beta", "running", 3, 3, List.of("m2", "m3")));
            define(h, defs, new Def("gamma", "stopped", 1, 2, List.of("m1")));
            define(h, defs, new Def("delta", "draft", 1, 2, List.of("m3")));

            for (int i = 0; i < EVENTS; i++) {
                Instant now = T0.plusSeconds(i);
                double r = random.nextDouble();
                if (i == 700) {
                    define(h, defs, new Def("alpha", "running", 2, 2, List.of("m1", "m2")));
                } else if (i == 1400) {
                    define(h, defs, new Def("beta", "stopped", 3, 3, List.of("m2", "m3")));
                } else if (r < 0.25) {
                    String experiment = pick(random, "alpha", "alpha", "beta", "beta", "gamma", "delta", "ghost");
                    Def d = defs.get(experiment);
                    int current = d == null ? 1 : d.phase();
                    int phase = random.nextDouble() < 0.85 ? current : current + (random.nextBoolean() ? 1 : -1);
                    int variation = random.nextInt((d == null ? 2 : d.variations()) + 1); // the last is out of range
                    String unit = "u" + random.nextInt(UNITS);
                    Instant at = now.minusSeconds(random.nextInt(20));
                    byte[] bytes = AggregationHarness.encode(
                            ExperimentEvents.EXPOSURE_RECORDED.name(),
                            UUID.randomUUID(),
                            at,
                            new ExposureRecorded(experiment, phase, unit, variation, at.toString(), "sdk:test"));
                    h.pipeExperiments(unit, bytes);
                    sentExposures.add(bytes);
                    sentExposureKeys.add(unit);
                    exposure(
                            new Exposure(i, experiment, phase, unit, variation, at, d),
                            accepted,
                            firstExposures,
                            parkedByKind);
                } else if (r < 0.32 && !sentExposures.isEmpty()) {
                    int k = random.nextInt(sentExposures.size());
                    h.pipeExperiments(sentExposureKeys.get(k), sentExposures.get(k));
                    var x = (ExposureRecorded) AggregationHarness.CODEC
                            .decode(sentExposures.get(k))
                            .data();
                    exposure(
                            new Exposure(
                                    i,
                                    x.experiment(),
                                    x.phase(),
                                    x.unit(),
                                    x.variation(),
                                    Instant.parse(x.at()),
                                    defs.get(x.experiment())),
                            accepted,
                            firstExposures,
                            parkedByKind);
                } else if (r < 0.80) {
                    String metric = METRICS.get(random.nextInt(METRICS.size()));
                    String unit = "u" + random.nextInt(UNITS);
                    double value = random.nextInt(21) / 4.0;
                    Instant at = now.minusSeconds(random.nextInt(120));
                    UUID id = UUID.randomUUID();
                    byte[] bytes = AggregationHarness.encode(
                            TelemetryEvents.METRIC_OBSERVED.name(),
                            id,
                            at,
                            new MetricObserved(unit, metric, value, at.toString(), null));
                    h.pipeTelemetry(unit, bytes);
                    Observation o = new Observation(i, id, unit, metric, value, at, live(defs, metric));
                    sentObservations.add(bytes);
                    sentObservationModels.add(o);
                    observe(o, observations, seen);
                } else if (r < 0.95 && !sentObservations.isEmpty()) {
                    int k = random.nextInt(sentObservations.size());
                    Observation o = sentObservationModels.get(k);
                    h.pipeTelemetry(o.unit(), sentObservations.get(k));
                    observe(
                            new Observation(i, o.id(), o.unit(), o.metric(), o.value(), o.at(), live(defs, o.metric())),
                            observations,
                            seen);
                } else {
                    byte[] garbage = new byte[1 + random.nextInt(40)];
                    random.nextBytes(garbage);
                    if (random.nextBoolean()) {
                        h.pipeExperiments("junk", garbage);
                    } else {
                        h.pipeTelemetry("junk", garbage);
                    }
                    parkedByKind.merge(ParkReason.UNDECODABLE.name(), 1, Integer::sum);
                }
            }

            Map<String, ArmStats> expected = recompute(accepted, observations);
            Map<String, ArmStats> published = h.stats();

            assertThat(expected)
                    .as("every arm: alpha 2 phases × 2 variations × 2 metrics, beta 3 × 2")
                    .hasSize(14);
            assertThat(expected.values().stream().mapToDouble(ArmStats::sumXY).sum())
                    .as("with covariates")
                    .isPositive();
            assertThat(published).isEqualTo(expected);
            assertThat(h.store()).isEqualTo(expected);

            Map<String, Integer> parked = new TreeMap<>();
            h.parked().forEach(p -> parked.merge(p.kind().name(), 1, Integer::sum));
            assertThat(parked).isEqualTo(parkedByKind);
            assertThat(parked)
                    .containsKeys("NO_EXPERIMENT", "NOT_RUNNING", "WRONG_PHASE", "BAD_VARIATION", "UNDECODABLE");
        }
    }

    private static void define(AggregationHarness h, Map<String, Def> defs, Def d) {
        h.define(d.key(), d.status(), d.phase(), d.variations(), d.metrics());
        defs.put(d.key(), d);
    }

    /** The model's acceptance rule for an exposure, as the definition in force on arrival decides it. */
    private static void exposure(Exposure x, List<Exposure> accepted, Set<String> first, Map<String, Integer> parked) {
        Def d = x.def();
        String kind = d == null
                ? "NO_EXPERIMENT"
                : !d.running()
                        ? "NOT_RUNNING"
                        : x.phase() != d.phase()
                                ? "WRONG_PHASE"
                                : x.variation() < 0 || x.variation() >= d.variations() ? "BAD_VARIATION" : null;
        if (kind != null) {
            parked.merge(kind, 1, Integer::sum);
        } else if (first.add(x.experiment() + "/" + x.phase() + "/" + x.unit())) {
            accepted.add(x);
        }
    }

    /** Keeps an observation unless its unit already had one with this id that mattered to a running experiment. */
    private static void observe(Observation o, List<Observation> observations, Map<String, Set<UUID>> seen) {
        if (o.live().isEmpty()) {
            return;
        }
        if (seen.computeIfAbsent(o.unit(), u -> new HashSet<>()).add(o.id())) {
            observations.add(o);
        }
    }

    private static Map<String, Integer> live(Map<String, Def> defs, String metric) {
        Map<String, Integer> live = new HashMap<>();
        defs.values().stream()
                .filter(d -> d.running() && d.metrics().contains(metric))
                .forEach(d -> live.put(d.key(), d.phase()));
        return live;
    }

    /**
     * Straight from the definition: a unit exposed at time t in (experiment, phase) has, per metric the phase measured
     * at its exposure, {@code y} = the observations (that arrived while that phase was live for the metric) that
     * happened at or after t, in whatever order they arrived, and {@code x} = the others. Then sum.
     */
    private static Map<String, ArmStats> recompute(List<Exposure> accepted, List<Observation> observations) {
        Map<String, double[]> sums = new TreeMap<>(); // n, Σy, Σy², Σx, Σx², Σxy
        Map<String, Instant> updated = new HashMap<>();
        for (Exposure e : accepted) {
            for (String metric : e.def().metrics()) {
                String arm = ArmStats.key(e.experiment(), e.phase(), e.variation(), metric);
                double x = 0;
                double y = 0;
                Instant last = e.at();
                for (Observation o : observations) {
                    if (!o.unit().equals(e.unit())
                            || !o.metric().equals(metric)
                            || !Integer.valueOf(e.phase()).equals(o.live().get(e.experiment()))) {
                        continue;
                    }
                    boolean after = o.arrival() > e.arrival();
                    if (!o.at().isBefore(e.at())) { // by time, whether it arrived before the exposure or after
                        y += o.value();
                    } else {
                        x += o.value();
                    }
                    if (after && o.at().isAfter(last)) {
                        last = o.at();
                    }
                }
                double[] s = sums.computeIfAbsent(arm, k -> new double[6]);
                s[0] += 1;
                s[1] += y;
                s[2] += y * y;
                s[3] += x;
                s[4] += x * x;
                s[5] += x * y;
                updated.merge(arm, last, (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        Map<String, ArmStats> out = new TreeMap<>();
        sums.forEach((arm, s) -> {
            String[] p = arm.split("\\|");
            out.put(
                    arm,
                    new ArmStats(
                            p[0],
                            Integer.parseInt(p[1]),
                            Integer.parseInt(p[2]),
                            p[3],
                            (long) s[0],
                            s[1],
                            s[2],
                            s[3],
                            s[4],
                            s[5],
                            updated.get(arm)));
        });
        return out;
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }
}
