package dev.verdict.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.events.experiment.ExperimentChanged;
import dev.verdict.events.experiment.ExposureRecorded;
import dev.verdict.events.telemetry.MetricObserved;
import dev.verdict.launcher.faults.ExperimentRecount.Arm;
import dev.verdict.launcher.faults.ExperimentRecount.Sums;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExperimentRecountTest {

    private static final String T0 = "2026-12-07T10:00:00Z";
    private static final String BEFORE = "2026-11-30T10:00:00Z";
    private static final String AFTER = "2026-12-07T10:00:09Z";
    private static final long STARTED = 1_000;

    private static final Arm CONTROL = new Arm("checkout", 1, 0, "order-value");
    private static final Arm TREATMENT = new Arm("checkout", 1, 1, "order-value");

    private final ExperimentRecount recount = new ExperimentRecount();
    private final UUID parkedExposure = UUID.randomUUID();
    private final UUID laterOrderOfAlice = UUID.randomUUID();
    private final UUID orderOfBob = UUID.randomUUID();

    @BeforeEach
    void aRunningExperimentWithTwoExposedUnits() {
        recount.definition(definition("checkout", "draft", 1), 500);
        recount.definition(definition("checkout", "running", 1), STARTED);
        recount.definition(definition("legacy", "stopped", 2), 400);

        recount.exposure(UUID.randomUUID(), exposure("alice", 0), 0, 10, 1_100);
        recount.exposure(UUID.randomUUID(), exposure("alice", 0), 0, 11, 1_200); // a repeat: no effect
        recount.exposure(UUID.randomUUID(), exposure("bob", 1), 1, 5, 1_150);
        recount.exposure(parkedExposure, exposure("carol", 1), 2, 3, 1_000);

        recount.observation(UUID.randomUUID(), order("alice", 10, BEFORE), 1_050); // x
        recount.observation(laterOrderOfAlice, order("alice", 20, AFTER), 1_300); // y
        UUID copied = UUID.randomUUID();
        recount.observation(copied, order("alice", 5, AFTER), 1_310);
        recount.observation(copied, order("alice", 5, AFTER), 1_320); // a redelivered copy counts once
        recount.observation(orderOfBob, order("bob", 40, AFTER), 1_400); // y
        recount.observation(UUID.randomUUID(), order("dave", 7, AFTER), 1_500); // never exposed
        recount.observation(UUID.randomUUID(), order("bob", 99, BEFORE), 900); // before the experiment ran
        recount.observation(UUID.randomUUID(), new MetricObserved("bob", "other", 3, AFTER, null), 1_500);
    }

    private Map<Arm, Sums> materialized() {
        Map<Arm, Sums> m = new HashMap<>();
        m.put(CONTROL, new Sums(1, 25, 625, 10, 100, 250));
        m.put(TREATMENT, new Sums(1, 40, 1600, 0, 0, 0));
        return m;
    }

    @Test
    void everyMessageIsAccountedForAndTheArmsMatch() {
        ExperimentRecount.Outcome o = recount.compare(Set.of(parkedExposure.toString()), materialized());

        assertThat(o.mismatches()).isEmpty();
        assertThat(o.clean()).isTrue();
        assertThat(o.experiments()).isEqualTo(1);
        assertThat(o.notRecounted()).containsExactly("legacy (stopped)");
        assertThat(o.exposures()).isEqualTo(4);
        assertThat(o.firstExposures()).isEqualTo(2);
        assertThat(o.repeatExposures()).isEqualTo(1);
        assertThat(o.parkedExposures()).isEqualTo(1);
        assertThat(o.observations()).isEqualTo(7);
        assertThat(o.inputs()).isEqualTo(3 + 1);
        assertThat(o.waiting()).isEqualTo(1);
        assertThat(o.beforeStart()).isEqualTo(1);
        assertThat(o.unlisted()).isEqualTo(1);
        assertThat(o.arms()).isEqualTo(2);
        assertThat(o.line()).contains("arms 2, differing 0");
    }

    @Test
    void aLostObservationIsNamedByItsValue() {
        Map<Arm, Sums> m = materialized();
        m.put(CONTROL, new Sums(1, 5, 25, 10, 100, 50)); // alice's 20 never counted

        ExperimentRecount.Outcome o = recount.compare(Set.of(parkedExposure.toString()), m);

        assertThat(o.clean()).isFalse();
        assertThat(o.doubled()).isEmpty();
        assertThat(o.lost()).singleElement().asString().contains(CONTROL.toString(), laterOrderOfAlice.toString());
        assertThat(o.mismatches()).singleElement().asString().startsWith(CONTROL + ":");
    }

    @Test
    void aDoubledObservationIsNamedByItsValue() {
        Map<Arm, Sums> m = materialized();
        m.put(TREATMENT, new Sums(1, 80, 6400, 0, 0, 0)); // bob's order counted twice

        ExperimentRecount.Outcome o = recount.compare(Set.of(parkedExposure.toString()), m);

        assertThat(o.lost()).isEmpty();
        assertThat(o.doubled()).singleElement().asString().contains(orderOfBob.toString(), "off by 40");
    }

    @Test
    void aUnitCountedTwiceOrAParkedExposureCountedIsADifference() {
        Map<Arm, Sums> m = materialized();
        m.put(TREATMENT, new Sums(2, 40, 1600, 0, 0, 0)); // carol's parked exposure was counted after all

        ExperimentRecount.Outcome o = recount.compare(Set.of(parkedExposure.toString()), m);

        assertThat(o.doubled()).singleElement().asString().contains("1 exposed units counted twice");

        // and without the parked row, carol is an exposed unit the materialized sums lack
        ExperimentRecount.Outcome unparked = recount.compare(Set.of(), materialized());
        assertThat(unparked.lost())
                .singleElement()
                .asString()
                .contains(TREATMENT.toString(), "1 exposed units missing");
    }

    @Test
    void anArmWithoutARowIsLostAndARowWithoutUnitsIsDoubled() {
        Map<Arm, Sums> m = materialized();
        m.remove(CONTROL);
        m.put(new Arm("checkout", 1, 2, "order-value"), new Sums(1, 1, 1, 0, 0, 0));
        m.put(new Arm("legacy", 2, 0, "order-value"), new Sums(9, 1, 1, 0, 0, 0)); // not recounted: not compared

        ExperimentRecount.Outcome o = recount.compare(Set.of(parkedExposure.toString()), m);

        assertThat(o.lost()).singleElement().asString().contains(CONTROL.toString());
        assertThat(o.doubled()).singleElement().asString().contains("checkout|1|2|order-value");
        assertThat(o.mismatches()).hasSize(2);
    }

    @Test
    void sumsInAnotherOrderAreTheSameUpToRounding() {
        Sums a = new Sums(3, 0.1 + 0.2 + 0.3, 0, 0, 0, 0);
        Sums b = new Sums(3, 0.3 + 0.2 + 0.1, 0, 0, 0, 0);
        assertThat(a.sumY()).isNotEqualTo(b.sumY());
        assertThat(ExperimentRecount.same(a, b)).isTrue();
        assertThat(ExperimentRecount.same(a, new Sums(3, 0.6 + 1e-6, 0, 0, 0, 0)))
                .isFalse();
        assertThat(ExperimentRecount.same(a, new Sums(4, a.sumY(), 0, 0, 0, 0))).isFalse();
    }

    private static ExperimentChanged definition(String key, String status, int phase) {
        return new ExperimentChanged(
                key,
                "component:default/payments-api",
                null,
                status,
                phase,
                T0,
                "seed",
                "id",
                2,
                List.of("control", "treatment"),
                List.of(0.5, 0.5),
                1.0,
                null,
                null,
                Map.of(),
                List.of("order-value"),
                "hash",
                "user:engineer",
                0,
                0,
                null);
    }

    private static ExposureRecorded exposure(String unit, int variation) {
        return new ExposureRecorded("checkout", 1, unit, variation, T0, "sdk:demo-shop");
    }

    private static MetricObserved order(String unit, double value, String at) {
        return new MetricObserved(unit, "order-value", value, at, null);
    }
}
