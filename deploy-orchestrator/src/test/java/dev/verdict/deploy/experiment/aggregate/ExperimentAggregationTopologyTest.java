package dev.verdict.deploy.experiment.aggregate;

import static dev.verdict.deploy.experiment.aggregate.AggregationHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The aggregation's semantics on hand-computed examples, through the whole topology. */
class ExperimentAggregationTopologyTest {

    private static final String CHECKOUT = "new-checkout";
    private static final String VALUE = "order-value";

    private final AggregationHarness h = new AggregationHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static ArmStats arm(
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
        return new ArmStats(experiment, phase, variation, metric, n, sumY, sumY2, sumX, sumX2, sumXY, updatedAt);
    }

    @Test
    void twoUnitsPerArmGiveExactSumsAndSquares() {
        h.define(CHECKOUT, "running", 1, 2, List.of(VALUE));
        h.expose("u1", CHECKOUT, 1, 0, at(1));
        h.expose("u2", CHECKOUT, 1, 0, at(2));
        h.expose("u3", CHECKOUT, 1, 1, at(3));
        h.expose("u4", CHECKOUT, 1, 1, at(4)); // never observed: counts with y = 0
        h.observe("u1", VALUE, 3, at(10));
        h.observe("u1", VALUE, 2, at(11)); // u1: y = 5, so y² = 25 (not 3² + 2² = 13)
        h.observe("u2", VALUE, 1, at(12));
        h.observe("u3", VALUE, 4, at(13));

        // control: y = 5, 1 → Σy 6, Σy² 26; treatment: y = 4, 0 → Σy 4, Σy² 16
        assertThat(h.stats())
                .containsOnlyKeys("new-checkout|1|0|order-value", "new-checkout|1|1|order-value")
                .containsEntry("new-checkout|1|0|order-value", arm(CHECKOUT, 1, 0, VALUE, 2, 6, 26, 0, 0, 0, at(12)))
                .containsEntry("new-checkout|1|1|order-value", arm(CHECKOUT, 1, 1, VALUE, 2, 4, 16, 0, 0, 0, at(13)));
        assertThat(h.parked()).isEmpty();
    }

    @Test
    void observationsBeforeTheExposureBecomeTheCovariate() {
        h.define(CHECKOUT, "running", 1, 2, List.of(VALUE));
        h.observe("u1", VALUE, 2, at(1)); // held: u1 is not exposed yet
        h.observe("u1", VALUE, 3, at(2));
        h.observe("u2", VALUE, 1, at(3));
        assertThat(h.stats()).as("nothing is published before an exposure").isEmpty();

        h.expose("u1", CHECKOUT, 1, 0, at(10)); // x = 5
        h.expose("u2", CHECKOUT, 1, 0, at(11)); // x = 1
        h.observe("u1", VALUE, 4, at(20)); // y = 4
        h.observe("u1", VALUE, 1, at(5)); // arrives late but happened before the exposure: x = 6
        h.observe("u2", VALUE, 2, at(21));
        h.observe("u2", VALUE, 3, at(22)); // y = 5

        // u1 (x 6, y 4), u2 (x 1, y 5): Σx 7, Σx² 37, Σy 9, Σy² 41, Σxy 24 + 5 = 29
        assertThat(h.stats())
                .containsOnlyKeys("new-checkout|1|0|order-value")
                .containsEntry("new-checkout|1|0|order-value", arm(CHECKOUT, 1, 0, VALUE, 2, 9, 41, 7, 37, 29, at(22)));
        UnitState u1 = h.unit("u1");
        assertThat(u1.totals.get(new UnitState.MetricKey(CHECKOUT, 1, VALUE))).isEqualTo(new UnitState.Totals(6, 4));
    }

    @Test
    void anOrderThatOvertakesItsExposureEventCountsAsOutcomeByItsTime() {
        h.define(CHECKOUT, "running", 1, 2, List.of(VALUE));
        h.observe("u1", VALUE, 2, at(1)); // pre-period
        h.observe("u1", VALUE, 7, at(12)); // happened after the exposure below, but arrives before its event
        h.expose("u1", CHECKOUT, 1, 1, at(10));

        // x 2, y 7: Σx 2, Σx² 4, Σy 7, Σy² 49, Σxy 14
        assertThat(h.stats())
                .containsEntry("new-checkout|1|1|order-value", arm(CHECKOUT, 1, 1, VALUE, 1, 7, 49, 2, 4, 14, at(10)));
        assertThat(h.unit("u1").totals.get(new UnitState.MetricKey(CHECKOUT, 1, VALUE)))
                .isEqualTo(new UnitState.Totals(2, 7));
        assertThat(h.unit("u1").held).isEmpty();
    }

    @Test
    void everyPublishedValueIsTheWholeAggregateNotADelta() {
        h.define(CHECKOUT, "running", 1, 2, List.of(VALUE));
        h.expose("u1", CHECKOUT, 1, 1, at(1));
        h.observe("u1", VALUE, 2, at(2));
        h.observe("u1", VALUE, 3, at(3));
        // a consumer that keeps the last record per key sees 1 unit, y = 5, y² = 25
        assertThat(h.stats().get("new-checkout|1|1|order-value"))
                .isEqualTo(arm(CHECKOUT, 1, 1, VALUE, 1, 5, 25, 0, 0, 0, at(3)));
        assertThat(h.store())
                .containsEntry("new-checkout|1|1|order-value", arm(CHECKOUT, 1, 1, VALUE, 1, 5, 25, 0, 0, 0, at(3)));
    }

    @Test
    void aDuplicateExposureCountsOnceAndKeepsTheFirstVariation() {
        h.define(CHECKOUT, "running", 1, 2, List.of(VALUE));
        byte[] first = h.expose("u1", CHECKOUT, 1, 0, at(1));
        h.pipeExperiments("u1", first); // the same record again
        h.expose("u1", CHECKOUT, 1, 1, at(2)); // a later evaluation in another variation: not a second unit
        h.observe("u1", VALUE, 7, at(3));

        assertThat(h.stats())
                .containsOnlyKeys("new-checkout|1|0|order-value")
                .containsEntry("new-checkout|1|0|order-value", arm(CHECKOUT, 1, 0, VALUE, 1, 7, 49, 0, 0, 0, at(3)));
        assertThat(h.parked()).isEmpty();
    }

    @Test
    void theSameMetricEventTwiceCountsOnceButTwoEventsOfEqualValueCountTwice() {
        h.define(CHECKOUT, "running", 1, 2, List.of(VALUE));
        h.expose("u1", CHECKOUT, 1, 0, at(1));
        UUID id = UUID.randomUUID();
        byte[] once = h.observe(id, "u1", VALUE, 4, at(2));
        h.pipeTelemetry("u1", once); // redelivered by an at-least-once producer
        h.observe(id, "u1", VALUE, 4, at(2)); // re-encoded, same id
        h.observe("u1", VALUE, 4, at(3)); // a second purchase of the same amount

        // y = 4 + 4 = 8: Σy² = 64 (three counted would give 12 and 144)
        assertThat(h.stats().get("new-checkout|1|0|order-value"))
                .isEqualTo(arm(CHECKOUT, 1, 0, VALUE, 1, 8, 64, 0, 0, 0, at(3)));
        assertThat(h.unit("u1").seenCount()).isEqualTo(2);
    }

    @Test
    void theDedupeWindowForgetsTheOldestIds() {
        try (AggregationHarness small = new AggregationHarness(2)) {
            small.define(CHECKOUT, "running", 1, 2, List.of(VALUE));
            small.expose("u1", CHECKOUT, 1, 0, at(1));
            byte[] a = small.observe("u1", VALUE, 1, at(2));
            small.observe("u1", VALUE, 10, at(3));
            small.pipeTelemetry("u1", a); // still remembered: ignored
            small.observe("u1", VALUE, 100, at(4)); // pushes a's id out of a window of 2
            small.pipeTelemetry("u1", a); // forgotten: counted again (documented limit)
            assertThat(small.stats().get("new-checkout|1|0|order-value").sumY()).isEqualTo(112);
        }
    }

    @Test
    void rejectedExposuresAreParkedWithTheirReasonAndNothingIsAggregated() {
        h.define(CHECKOUT, "stopped", 1, 2, List.of(VALUE));
        h.define("search-ranking", "running", 2, 2, List.of(VALUE));
        h.define("draft-one", "draft", 1, 2, List.of(VALUE));
        h.expose("u1", "no-such", 1, 0, at(1));
        h.expose("u2", CHECKOUT, 1, 0, at(2));
        h.expose("u3", "search-ranking", 1, 0, at(3));
        h.expose("u4", "search-ranking", 2, 3, at(4));
        h.expose("u5", "search-ranking", 2, -1, at(5));
        h.expose("u6", "draft-one", 1, 0, at(6));
        h.pipeExperiments("garbage", "{not json".getBytes(StandardCharsets.UTF_8));
        h.pipeTelemetry("u7", "{\"specversion\":\"1.0\"}".getBytes(StandardCharsets.UTF_8));
        h.observe("u4", VALUE, 5, at(7)); // u4 was not exposed: held, but publishes nothing

        List<Parked> parked = h.parked();
        assertThat(parked)
                .extracting(Parked::topic, Parked::key, Parked::kind, Parked::reason)
                .containsExactly(
                        tuple("verdict.experiments.v1", "u1", ParkReason.NO_EXPERIMENT, "no experiment no-such"),
                        tuple(
                                "verdict.experiments.v1",
                                "u2",
                                ParkReason.NOT_RUNNING,
                                "experiment new-checkout is stopped"),
                        tuple(
                                "verdict.experiments.v1",
                                "u3",
                                ParkReason.WRONG_PHASE,
                                "phase 1 is not the current phase 2"),
                        tuple("verdict.experiments.v1", "u4", ParkReason.BAD_VARIATION, "variation 3 of 2"),
                        tuple("verdict.experiments.v1", "u5", ParkReason.BAD_VARIATION, "variation -1 of 2"),
                        tuple("verdict.experiments.v1", "u6", ParkReason.NOT_RUNNING, "experiment draft-one is draft"),
                        tuple(
                                "verdict.experiments.v1",
                                "garbage",
                                ParkReason.UNDECODABLE,
                                "MALFORMED_JSON: payload is not valid JSON: Unexpected character ('n' (code 110)):"
                                        + " was expecting double-quote to start field name"),
                        tuple(
                                "verdict.telemetry.v1",
                                "u7",
                                ParkReason.UNDECODABLE,
                                "MISSING_ATTRIBUTE: required attribute 'id' is missing"));
        assertThat(parked.get(0).eventId()).isNotNull();
        assertThat(parked.get(0).type()).isEqualTo("dev.verdict.experiment.exposure-recorded.v1");
        // the original bytes travel with it, so it can be re-published once its experiment exists
        assertThat(AggregationHarness.CODEC.decode(parked.get(0).payload()).id().toString())
                .isEqualTo(parked.get(0).eventId());
        assertThat(new String(parked.get(6).payload(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(h.stats()).isEmpty();
        assertThat(h.store()).isEmpty();
    }

    @Test
    void unusableFieldsAreParkedNotDropped() {
        h.define(CHECKOUT, "running", 1, 2, List.of(VALUE));
        h.expose("u1", CHECKOUT, 1, 0, at(1));
        h.observe("u1", VALUE, Double.NaN, at(2));
        h.pipeTelemetry(
                "u1",
                AggregationHarness.encode(
                        "dev.verdict.telemetry.metric-observed.v1",
                        UUID.randomUUID(),
                        at(3),
                        new dev.verdict.events.telemetry.MetricObserved("u1", VALUE, 1, "yesterday", null)));
        h.define("a|b", "running", 1, 2, List.of(VALUE));

        assertThat(h.parked())
                .extracting(Parked::kind, Parked::reason)
                .containsExactly(
                        tuple(ParkReason.INVALID, "value NaN is not finite"),
                        tuple(ParkReason.INVALID, "at 'yesterday' is not an ISO-8601 instant"),
                        tuple(ParkReason.INVALID, "experiment key a|b contains '|', the separator of the arm keys"));
        assertThat(h.stats().get("new-checkout|1|0|order-value").sumY()).isZero();
    }

    @Test
    void aMetricTheExperimentDoesNotListIsIgnoredAndNotParked() {
        h.define(CHECKOUT, "running", 1, 2, List.of(VALUE));
        h.expose("u1", CHECKOUT, 1, 0, at(1));
        h.observe("u1", "latency-ms", 250, at(2));
        h.observe("u1", VALUE, 3, at(3));

        assertThat(h.stats())
                .containsOnlyKeys("new-checkout|1|0|order-value")
                .containsEntry("new-checkout|1|0|order-value", arm(CHECKOUT, 1, 0, VALUE, 1, 3, 9, 0, 0, 0, at(3)));
        assertThat(h.parked()).isEmpty();
    }

    @Test
    void aUnitInTwoExperimentsContributesToBoth() {
        h.define(CHECKOUT, "running", 1, 2, List.of(VALUE));
        h.define("free-shipping", "running", 3, 3, List.of("clicks", VALUE));
        h.observe("u1", VALUE, 1, at(1)); // pre-period for both
        h.expose("u1", CHECKOUT, 1, 1, at(2));
        h.observe("u1", VALUE, 2, at(3)); // y in new-checkout, still pre-period for free-shipping
        h.expose("u1", "free-shipping", 3, 2, at(4));
        h.observe("u1", VALUE, 5, at(5)); // y in both
        h.observe("u1", "clicks", 1, at(6)); // only free-shipping measures clicks

        // new-checkout: x 1, y 7; free-shipping: x 1 + 2 = 3, y 5; clicks: x 0, y 1
        assertThat(h.stats())
                .containsOnlyKeys(
                        "new-checkout|1|1|order-value", "free-shipping|3|2|order-value", "free-shipping|3|2|clicks")
                .containsEntry("new-checkout|1|1|order-value", arm(CHECKOUT, 1, 1, VALUE, 1, 7, 49, 1, 1, 7, at(5)))
                .containsEntry(
                        "free-shipping|3|2|order-value", arm("free-shipping", 3, 2, VALUE, 1, 5, 25, 3, 9, 15, at(5)))
                .containsEntry(
                        "free-shipping|3|2|clicks", arm("free-shipping", 3, 2, "clicks", 1, 1, 1, 0, 0, 0, at(6)));
    }

    @Test
    void aNewPhaseStartsFreshAndStopsCountingTheOldOne() {
        h.define(CHECKOUT, "running", 1, 2, List.of(VALUE));
        h.expose("u1", CHECKOUT, 1, 1, at(1));
        h.observe("u1", VALUE, 2, at(2));
        h.define(CHECKOUT, "running", 2, 2, List.of(VALUE));
        h.observe("u1", VALUE, 3, at(3)); // phase 1 is over: pre-period of phase 2
        h.expose("u1", CHECKOUT, 1, 1, at(4)); // an SDK still on phase 1's seed
        h.expose("u1", CHECKOUT, 2, 0, at(5));
        h.observe("u1", VALUE, 4, at(6));

        assertThat(h.stats())
                .containsOnlyKeys("new-checkout|1|1|order-value", "new-checkout|2|0|order-value")
                .containsEntry("new-checkout|1|1|order-value", arm(CHECKOUT, 1, 1, VALUE, 1, 2, 4, 0, 0, 0, at(2)))
                .containsEntry("new-checkout|2|0|order-value", arm(CHECKOUT, 2, 0, VALUE, 1, 4, 16, 3, 9, 12, at(6)));
        assertThat(h.parked()).extracting(Parked::reason).containsExactly("phase 1 is not the current phase 2");
    }

    @Test
    void otherEventTypesOnTheInputTopicsAreNotInputs() {
        h.define(CHECKOUT, "running", 1, 2, List.of(VALUE));
        h.pipeExperiments(
                "u1",
                AggregationHarness.encode(
                        "dev.verdict.telemetry.metric-observed.v1",
                        UUID.randomUUID(),
                        at(1),
                        new dev.verdict.events.telemetry.MetricObserved("u1", VALUE, 1, at(1).toString(), null)));
        assertThat(h.parked()).isEmpty();
        assertThat(h.stats()).isEmpty();
        assertThat(h.unit("u1")).isNull();
    }

    @Test
    void onlyAnInputKeyedByItsUnitInItsUnitsPartitionSkipsTheRepartition() {
        Classifier c = new Classifier(AggregationHarness.CODEC, 3);
        byte[] obs = AggregationHarness.encode(
                "dev.verdict.telemetry.metric-observed.v1",
                UUID.randomUUID(),
                at(1),
                new dev.verdict.events.telemetry.MetricObserved("u1", VALUE, 1, at(1).toString(), null));
        int home = c.partitionOf("u1");
        // the partition Kafka's default partitioner gives "u1" among 3
        assertThat(home)
                .isEqualTo(org.apache.kafka.common.utils.Utils.toPositive(
                                org.apache.kafka.common.utils.Utils.murmur2("u1".getBytes(StandardCharsets.UTF_8)))
                        % 3);
        assertThat(((Classifier.ToUnit) c.classify(AggregationTopics.TELEMETRY, home, "u1", obs)).direct())
                .isTrue();
        assertThat(((Classifier.ToUnit) c.classify(AggregationTopics.TELEMETRY, (home + 1) % 3, "u1", obs)).direct())
                .as("another partition")
                .isFalse();
        assertThat(((Classifier.ToUnit) c.classify(AggregationTopics.TELEMETRY, home, "session-9", obs)).direct())
                .as("another key")
                .isFalse();
        assertThat(((Classifier.ToUnit) c.classify(AggregationTopics.TELEMETRY, home, null, obs)).direct())
                .as("no key")
                .isFalse();
        assertThat(((Classifier.ToUnit) c.classify(AggregationTopics.TELEMETRY, -1, "u1", obs)).direct())
                .as("partition unknown")
                .isFalse();
    }

    @Test
    void inputsKeyedByAnythingButTheirUnitGiveTheSameSums() {
        // the test driver runs one task on partition 0: a unit hashing elsewhere, or any input not keyed by its
        // unit, takes the by-unit topic; the sums must not depend on the path
        h.define(CHECKOUT, "running", 1, 2, List.of(VALUE));
        Map<String, ArmStats> byUnit;
        try (AggregationHarness keyed = new AggregationHarness()) {
            keyed.define(CHECKOUT, "running", 1, 2, List.of(VALUE));
            for (int u = 0; u < 12; u++) {
                keyed.observe("u" + u, VALUE, u, at(1));
                keyed.expose("u" + u, CHECKOUT, 1, u % 2, at(2));
                keyed.observe("u" + u, VALUE, 0.5 * u, at(3));
            }
            byUnit = keyed.stats();
        }
        for (int u = 0; u < 12; u++) {
            h.pipeTelemetry("other-" + u, observation("u" + u, u, at(1)));
            h.pipeExperiments(
                    null,
                    AggregationHarness.encode(
                            "dev.verdict.experiment.exposure-recorded.v1",
                            UUID.randomUUID(),
                            at(2),
                            new dev.verdict.events.experiment.ExposureRecorded(
                                    CHECKOUT, 1, "u" + u, u % 2, at(2).toString(), "sdk:test")));
            h.pipeTelemetry("other-" + u, observation("u" + u, 0.5 * u, at(3)));
        }
        assertThat(byUnit).hasSize(2);
        assertThat(h.stats()).isEqualTo(byUnit);
        assertThat(h.parked()).isEmpty();
    }

    private static byte[] observation(String unit, double value, Instant at) {
        return AggregationHarness.encode(
                "dev.verdict.telemetry.metric-observed.v1",
                UUID.randomUUID(),
                at,
                new dev.verdict.events.telemetry.MetricObserved(unit, VALUE, value, at.toString(), null));
    }

    @Test
    void inputsGoStraightToTheirUnitsTaskAndOnlyArmSumsCrossATopic() {
        TopologyDescription d = new ExperimentAggregationTopology().build().describe();
        Map<Integer, Set<String>> sources = new TreeMap<>();
        d.subtopologies()
                .forEach(s -> s.nodes().stream()
                        .filter(n -> n instanceof TopologyDescription.Source)
                        .forEach(n -> sources.computeIfAbsent(s.id(), k -> new TreeSet<>())
                                .addAll(((TopologyDescription.Source) n).topicSet())));
        // ids in build order (the global store's sub-topology comes first); the by-unit topic feeds the same
        // sub-topology as the inputs, so an input keyed by its unit never leaves its task
        assertThat(sources.values())
                .containsExactly(
                        Set.of(
                                AggregationTopics.EXPERIMENTS,
                                AggregationTopics.TELEMETRY,
                                AggregationTopics.BY_UNIT + "-repartition"),
                        Set.of(AggregationTopics.BY_ARM + "-repartition"));
        assertThat(d.globalStores())
                .singleElement()
                .satisfies(g -> assertThat(g.source().topicSet()).containsExactly(AggregationTopics.DEFINITIONS));
    }
}
