package dev.verdict.launcher.faults;

import dev.verdict.events.Timestamps;
import dev.verdict.events.experiment.ExperimentChanged;
import dev.verdict.events.experiment.ExposureRecorded;
import dev.verdict.events.telemetry.MetricObserved;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The experiments' half of the fault run's reconciliation: recounts every running experiment's arm sums from the raw
 * exposures and observations the broker holds, by the definition and not by the aggregation's code (no deltas, no
 * held observations, no arrival order but the first exposure's), and compares them with what deploy-orchestrator
 * materialized in {@code experiment_arm_stats}.
 *
 * <p>Per message: every exposure is its unit's first (it counts in {@code n}), a repeat of it (no effect, by design:
 * SDKs report every evaluation), or parked with a reason. Every observation of a metric the experiment lists, from
 * the moment it ran, is in exactly one exposed unit's {@code x} (before the exposure) or {@code y} (from it on), or
 * waits for a unit never exposed. A lost or doubled one changes an arm's sums by its value; a mismatch names the
 * observations whose value explains it.
 *
 * <p>Scope, stated in the report: only experiments whose latest definition is running, in their current phase, and
 * only observations written after that phase's first running definition. An observation that reaches the
 * aggregation before the definition does is not an input (the edge documented on the topology); the demo's
 * shoppers wait {@code DemoShoppers.SETTLE} after the experiment appears, so the fault run has none. A lost
 * observation of value 0 changes no sum and cannot be seen here.
 */
final class ExperimentRecount {

    /** One arm: experiment, phase, variation, metric; the key of {@code experiment_arm_stats}. */
    record Arm(String experiment, int phase, int variation, String metric) {
        @Override
        public String toString() {
            return experiment + "|" + phase + "|" + variation + "|" + metric;
        }
    }

    /** An arm's sufficient statistics, as {@code experiment_arm_stats} holds them. */
    record Sums(long n, double sumY, double sumY2, double sumX, double sumX2, double sumXY) {
        static final Sums ZERO = new Sums(0, 0, 0, 0, 0, 0);

        Sums plusUnit(double x, double y) {
            return new Sums(n + 1, sumY + y, sumY2 + y * y, sumX + x, sumX2 + x * x, sumXY + x * y);
        }
    }

    /** What the recount found, message by message, and where the materialized sums differ from it. */
    record Outcome(
            int experiments,
            List<String> notRecounted,
            int exposures,
            int firstExposures,
            int repeatExposures,
            int parkedExposures,
            int observations,
            int inputs,
            int waiting,
            int beforeStart,
            int unlisted,
            int arms,
            List<String> lost,
            List<String> doubled,
            List<String> mismatches) {

        boolean clean() {
            return lost.isEmpty() && doubled.isEmpty() && mismatches.isEmpty();
        }

        String line() {
            return String.format(
                    Locale.ROOT,
                    "experiments: %d recounted%s; exposures %d (first of their unit %d, repeats %d, parked %d);"
                            + " observations %d (in an exposed unit's x or y %d, unit not exposed %d, before the"
                            + " experiment ran %d, of metrics no running experiment lists %d); arms %d, differing %d",
                    experiments,
                    notRecounted.isEmpty() ? "" : " (not recounted: " + String.join(", ", notRecounted) + ")",
                    exposures,
                    firstExposures,
                    repeatExposures,
                    parkedExposures,
                    observations,
                    inputs,
                    waiting,
                    beforeStart,
                    unlisted,
                    arms,
                    mismatches.size());
        }
    }

    private record Definition(ExperimentChanged changed, long runningSince) {}

    private record Exposure(UUID id, ExposureRecorded data, Instant at, int partition, long offset, long timestamp) {}

    private record Observation(UUID id, MetricObserved data, Instant at, long timestamp) {}

    private final Map<String, Definition> definitions = new LinkedHashMap<>();
    private final Map<UUID, Exposure> exposures = new LinkedHashMap<>();
    private final Map<UUID, Observation> observations = new LinkedHashMap<>();

    /** An {@code ExperimentChanged} record, in the experiments topic's order. */
    void definition(ExperimentChanged c, long timestamp) {
        Definition before = definitions.get(c.key());
        boolean running = "running".equals(c.status());
        long since;
        if (!running) {
            since = -1;
        } else if (before != null
                && before.runningSince() >= 0
                && before.changed().phase() == c.phase()) {
            since = before.runningSince(); // the same phase still running (a later change, or a redelivery)
        } else {
            since = timestamp;
        }
        definitions.put(c.key(), new Definition(c, since));
    }

    /** An {@code ExposureRecorded} record; copies of one event id are one exposure. */
    void exposure(UUID id, ExposureRecorded x, int partition, long offset, long timestamp) {
        Instant at;
        try {
            at = Timestamps.parseInstant(x.at());
        } catch (RuntimeException unreadable) {
            return; // parked by the aggregation's classifier; no unit's exposure
        }
        exposures.putIfAbsent(id, new Exposure(id, x, at, partition, offset, timestamp));
    }

    /** A {@code MetricObserved} record; copies of one event id are one observation. */
    void observation(UUID id, MetricObserved m, long timestamp) {
        Instant at;
        try {
            at = Timestamps.parseInstant(m.at());
        } catch (RuntimeException unreadable) {
            return; // parked by the aggregation's classifier; not an input of any arm
        }
        if (Double.isFinite(m.value())) {
            observations.putIfAbsent(id, new Observation(id, m, at, timestamp));
        }
    }

    /**
     * Recounts and compares.
     *
     * @param parked   the event ids deploy-orchestrator parked ({@code experiment_parked})
     * @param actual   its materialized arm sums
     */
    Outcome compare(Set<String> parked, Map<Arm, Sums> actual) {
        List<String> notRecounted = new ArrayList<>();
        Map<String, Definition> running = new TreeMap<>();
        definitions.forEach((key, d) -> {
            if (d.runningSince() >= 0) {
                running.put(key, d);
            } else {
                notRecounted.add(key + " (" + d.changed().status() + ")");
            }
        });

        // first exposure per (experiment, unit) in the current phase: the earliest in its partition's order
        int first = 0;
        int repeats = 0;
        int parkedCount = 0;
        Map<String, Map<String, Exposure>> firsts = new HashMap<>();
        List<Exposure> ordered = new ArrayList<>(exposures.values());
        ordered.sort(Comparator.comparingInt(Exposure::partition)
                .thenComparingLong(Exposure::offset)
                .thenComparingLong(Exposure::timestamp));
        for (Exposure e : ordered) {
            Definition d = running.get(e.data().experiment());
            if (parked.contains(e.id().toString())) {
                parkedCount++;
                continue;
            }
            if (d == null || e.data().phase() != d.changed().phase()) {
                continue; // an experiment not recounted, or an older phase (parked, or counted there)
            }
            Map<String, Exposure> units = firsts.computeIfAbsent(d.changed().key(), k -> new HashMap<>());
            Exposure earlier = units.get(e.data().unit());
            if (earlier == null) {
                units.put(e.data().unit(), e);
                first++;
            } else {
                if (earlier.partition() != e.partition() && e.timestamp() < earlier.timestamp()) {
                    units.put(e.data().unit(), e); // another partition: the earlier write is the one that came first
                }
                repeats++;
            }
        }

        // every observation: an input of which arms, or why not
        Map<Arm, Sums> expected = new TreeMap<>(Comparator.comparing(Arm::toString));
        Map<Arm, List<Observation>> byArm = new HashMap<>();
        Map<String, double[]> unitTotals = new HashMap<>(); // experiment|unit|metric → {x, y}
        int inputs = 0;
        int waiting = 0;
        int beforeStart = 0;
        int unlisted = 0;
        for (Observation o : observations.values()) {
            boolean input = false;
            boolean listed = false;
            boolean early = false;
            for (Definition d : running.values()) {
                if (d.changed().metrics() == null
                        || !d.changed().metrics().contains(o.data().metric())) {
                    continue;
                }
                listed = true;
                if (o.timestamp() < d.runningSince()) {
                    early = true;
                    continue;
                }
                Exposure x = firsts.getOrDefault(d.changed().key(), Map.of())
                        .get(o.data().unit());
                if (x == null) {
                    continue;
                }
                input = true;
                double[] t = unitTotals.computeIfAbsent(
                        d.changed().key() + "|" + o.data().unit() + "|"
                                + o.data().metric(),
                        k -> new double[2]);
                t[o.at().isBefore(x.at()) ? 0 : 1] += o.data().value();
                byArm.computeIfAbsent(
                                new Arm(
                                        d.changed().key(),
                                        d.changed().phase(),
                                        x.data().variation(),
                                        o.data().metric()),
                                k -> new ArrayList<>())
                        .add(o);
            }
            if (input) {
                inputs++;
            } else if (early) {
                beforeStart++;
            } else if (listed) {
                waiting++;
            } else {
                unlisted++;
            }
        }
        for (Map.Entry<String, Map<String, Exposure>> e : firsts.entrySet()) {
            Definition d = running.get(e.getKey());
            for (Exposure x : e.getValue().values()) {
                for (String metric : distinct(d.changed().metrics())) {
                    double[] t = unitTotals.getOrDefault(
                            d.changed().key() + "|" + x.data().unit() + "|" + metric, new double[2]);
                    Arm arm = new Arm(
                            d.changed().key(), d.changed().phase(), x.data().variation(), metric);
                    expected.put(arm, expected.getOrDefault(arm, Sums.ZERO).plusUnit(t[0], t[1]));
                }
            }
        }

        List<String> lost = new ArrayList<>();
        List<String> doubled = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<Arm, Sums> e : expected.entrySet()) {
            Sums want = e.getValue();
            Sums got = actual.get(e.getKey());
            if (got == null) {
                mismatches.add(e.getKey() + ": no materialized row, recount has n = " + want.n());
                lost.add("arm " + e.getKey() + ": " + want.n() + " exposed units have no effect");
                continue;
            }
            if (same(want, got)) {
                continue;
            }
            mismatches.add(String.format(
                    Locale.ROOT,
                    "%s: materialized n %d, Σy %.4f, Σx %.4f; recount n %d, Σy %.4f, Σx %.4f",
                    e.getKey(),
                    got.n(),
                    got.sumY(),
                    got.sumX(),
                    want.n(),
                    want.sumY(),
                    want.sumX()));
            if (got.n() != want.n()) {
                (got.n() < want.n() ? lost : doubled)
                        .add("arm " + e.getKey() + ": " + Math.abs(want.n() - got.n()) + " exposed units "
                                + (got.n() < want.n() ? "missing" : "counted twice"));
            }
            explain(e.getKey(), want.sumY() - got.sumY(), "y", byArm.get(e.getKey()), lost, doubled);
            explain(e.getKey(), want.sumX() - got.sumX(), "x", byArm.get(e.getKey()), lost, doubled);
        }
        for (Arm arm : actual.keySet()) {
            if (running.containsKey(arm.experiment())
                    && arm.phase() == running.get(arm.experiment()).changed().phase()
                    && !expected.containsKey(arm)) {
                mismatches.add(arm + ": materialized, but the recount has no exposed unit in it");
                doubled.add("arm " + arm + ": units counted without an exposure on the broker");
            }
        }
        return new Outcome(
                running.size(),
                notRecounted,
                exposures.size(),
                first,
                repeats,
                parkedCount,
                observations.size(),
                inputs,
                waiting,
                beforeStart,
                unlisted,
                expected.size(),
                lost,
                doubled,
                mismatches);
    }

    private static List<String> distinct(List<String> metrics) {
        return metrics == null
                ? List.of()
                : metrics.stream()
                        .filter(m -> m != null && !m.isBlank())
                        .distinct()
                        .toList();
    }

    /** Equal up to the rounding of summing in another order. */
    static boolean same(Sums a, Sums b) {
        return a.n() == b.n()
                && close(a.sumY(), b.sumY())
                && close(a.sumY2(), b.sumY2())
                && close(a.sumX(), b.sumX())
                && close(a.sumX2(), b.sumX2())
                && close(a.sumXY(), b.sumXY());
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    /** Names the observations of the arm whose value is the difference: lost if the recount is higher, else doubled. */
    private static void explain(
            Arm arm,
            double difference,
            String side,
            List<Observation> candidates,
            List<String> lost,
            List<String> doubled) {
        if (close(difference, 0)) {
            return;
        }
        List<String> named = new ArrayList<>();
        for (Observation o : candidates == null ? List.<Observation>of() : candidates) {
            if (o.data().value() != 0 && close(o.data().value(), Math.abs(difference))) {
                named.add(o.id() + " (unit " + o.data().unit() + ", " + o.data().value() + ")");
            }
        }
        String what = String.format(
                Locale.ROOT,
                "arm %s: Σ%s off by %.4f%s",
                arm,
                side,
                -difference,
                named.isEmpty() ? "" : ", the value of observation " + String.join(" or ", named));
        (difference > 0 ? lost : doubled).add(what);
    }
}
