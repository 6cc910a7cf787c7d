package dev.verdict.deploy.experiment.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.deploy.experiment.analysis.ExperimentAnalysis.Plan;
import dev.verdict.deploy.experiment.model.ExperimentDefinition.Guardrail;
import dev.verdict.stats.cuped.Moments;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The analysis on seeded simulated experiments: A/A false-positive rates for the fixed-horizon test and for the
 * sequential test looked at after every batch, SRM, a true lift found, a broken guardrail, and multiplicity.
 */
class ExperimentAnalysisTest {

    static final List<String> AB = List.of("control", "treatment");
    static final Plan PLAN = new Plan(
            AB,
            new double[] {0.5, 0.5},
            "conversion",
            List.of("order-value"),
            List.of(new Guardrail("error-rate", "increase", 0.05)),
            0.05,
            5000);

    /** A running arm: units with metric Y = mean + lift + noise correlated (rho) with a pre-period X. */
    static final class Arm {
        final Random r;
        final double mean;
        final double lift;
        final double rho;
        Moments m = new Moments(0, 0, 0, 0, 0, 0);

        Arm(Random r, double mean, double lift, double rho) {
            this.r = r;
            this.mean = mean;
            this.lift = lift;
            this.rho = rho;
        }

        /** A new arm of this one's mean and lift whose units are added to {@code before}. */
        Arm addTo(Moments before, int units) {
            m = before;
            return add(units);
        }

        Arm add(int units) {
            double sy = 0;
            double syy = 0;
            double sx = 0;
            double sxx = 0;
            double sxy = 0;
            for (int i = 0; i < units; i++) {
                double z1 = r.nextGaussian();
                double z2 = r.nextGaussian();
                double x = mean + 2 * z1;
                double y = mean * (1 + lift) + 2 * (rho * z1 + Math.sqrt(1 - rho * rho) * z2);
                sy += y;
                syy += y * y;
                sx += x;
                sxx += x * x;
                sxy += x * y;
            }
            m = m.plus(new Moments(units, sy, syy, sx, sxx, sxy));
            return this;
        }
    }

    static Map<String, Moments[]> arms(Moments c, Moments t) {
        return Map.of("conversion", new Moments[] {c, t});
    }

    static Plan primaryOnly() {
        return new Plan(AB, new double[] {0.5, 0.5}, "conversion", List.of(), List.of(), 0.05, 5000);
    }

    @Test
    void anAaExperimentRejectsAtAlpha005InThreeToSevenPercentOfRunsAtAFixedHorizon() {
        Random r = new Random(11);
        int rejected = 0;
        for (int run = 0; run < 1000; run++) {
            Moments c = new Arm(r, 10, 0, 0.5).add(1000).m;
            Moments t = new Arm(r, 10, 0, 0.5).add(1000).m;
            Snapshot s = ExperimentAnalysis.analyze(primaryOnly(), arms(c, t), Map.of());
            rejected += s.comparisons().get(0).cuped().pValue() < 0.05 ? 1 : 0;
        }
        assertThat(rejected).as("false positives of 1,000 A/A runs").isBetween(30, 70);
    }

    /**
     * Issue #14 asks for 3-7 %. The confidence sequence alone (α = 0.05, tuned for the planned size) stopped 14 of these
     * 1,000 runs (1.4 %): Ville's bound covers an unbounded horizon, and 50 looks up to the planned size use little
     * of it. With O'Brien-Fleming-type alpha spending over the planned 5,000 units per arm (ADR-0007) the looks spend
     * 0.045 by the planned size; the confidence sequence at 0.005 rides along.
     */
    @Test
    void anAaExperimentLookedAtAfterEveryBatchStopsFalselyInThreeToSevenPercentOfRuns() {
        Random r = new Random(12);
        int stopped = 0;
        int naive = 0;
        for (int run = 0; run < 1000; run++) {
            Arm c = new Arm(r, 10, 0, 0.5);
            Arm t = new Arm(r, 10, 0, 0.5);
            Map<String, Snapshot.Sequential> previous = new HashMap<>();
            boolean stop = false;
            boolean naiveStop = false;
            for (int batch = 0; batch < 50 && !stop; batch++) {
                c.add(100);
                t.add(100);
                Snapshot s = ExperimentAnalysis.analyze(primaryOnly(), arms(c.m, t.m), previous);
                Snapshot.Comparison x = s.comparisons().get(0);
                previous.put("conversion|treatment", x.sequential());
                stop = s.status().equals("conclusive");
                naiveStop |= x.cuped().pValue() < 0.05;
            }
            stopped += stop ? 1 : 0;
            naive += naiveStop ? 1 : 0;
        }
        assertThat(stopped).as("false stops of 1,000 A/A runs with 50 looks").isBetween(30, 70);
        // the fixed-horizon p-value peeked at as often stops far more often: what the sequence protects against
        assertThat(naive).isGreaterThan(150);
    }

    @Test
    void aTrueLiftLookedAtInBatchesStopsAtTheGroupSequentialBoundaryAndTheRecommendationSaysSo() {
        Random r = new Random(17);
        Arm c = new Arm(r, 10, 0, 0.5);
        Arm t = new Arm(r, 10, 0.012, 0.5);
        Map<String, Snapshot.Sequential> previous = new HashMap<>();
        Snapshot s = null;
        for (int batch = 0; batch < 50; batch++) {
            c.add(100);
            t.add(100);
            s = ExperimentAnalysis.analyze(primaryOnly(), arms(c.m, t.m), previous);
            previous.put("conversion|treatment", s.comparisons().get(0).sequential());
            if (s.status().equals("conclusive")) {
                break;
            }
        }
        Snapshot.Sequential q = s.comparisons().get(0).sequential();
        assertThat(s.status()).isEqualTo("conclusive");
        assertThat(q.decidedBy()).isEqualTo(SequentialBoundary.GROUP_SEQUENTIAL);
        assertThat(Math.abs(q.z())).isGreaterThanOrEqualTo(q.boundary());
        assertThat(q.lower()).isPositive();
        assertThat(q.informationFraction()).isLessThan(1);
        assertThat(q.looks()).hasSize((int) Math.round(q.informationFraction() * 50));
        assertThat(s.recommendation())
                .contains("the group-sequential boundary decided: |z| = "
                        + String.format(java.util.Locale.ROOT, "%.2f >= %.2f", Math.abs(q.z()), q.boundary()))
                .contains("of the planned 5000 units per arm");
        assertThat(s.stoppingRule())
                .contains("O'Brien-Fleming-type alpha-spending boundary")
                .contains("4.5% spent in all")
                .contains("0.5%-level confidence sequence")
                .contains("at most 5% of experiments without an effect stop");
    }

    @Test
    void pastThePlannedSizeOnlyTheConfidenceSequenceCanStopAndItSaysSo() {
        Random r = new Random(18);
        Plan small = new Plan(AB, new double[] {0.5, 0.5}, "conversion", List.of(), List.of(), 0.05, 1000);
        // the looks of this phase reached the plan: no error is left to spend
        Snapshot.Sequential reached = new Snapshot.Sequential(
                -0.01, 0.01, 0.5, false, null, 0.3, 1.0, 2.2, 0.045, List.of(0.25, 0.5, 0.75, 1.0));
        Map<String, Moments[]> a = arms(new Arm(r, 10, 0, 0.5).add(3000).m, new Arm(r, 10, 0.02, 0.5).add(3000).m);
        Snapshot s = ExperimentAnalysis.analyze(small, a, Map.of("conversion|treatment", reached));
        Snapshot.Sequential q = s.comparisons().get(0).sequential();
        assertThat(q.boundary()).isNull();
        assertThat(q.looks()).containsExactly(0.25, 0.5, 0.75, 1.0);
        assertThat(q.informationFraction()).isEqualTo(3.0);
        assertThat(q.decidedBy()).isEqualTo(SequentialBoundary.CONFIDENCE_SEQUENCE);
        assertThat(q.alwaysValidP()).isLessThanOrEqualTo(0.005);
        assertThat(s.recommendation())
                .contains("the confidence sequence decided: always-valid p = ")
                .endsWith("<= 0.005");
        // the same data without a reached plan: the first look at t >= 1 spends all 0.045 and decides
        Snapshot fresh = ExperimentAnalysis.analyze(small, a, Map.of());
        assertThat(fresh.comparisons().get(0).sequential().decidedBy()).isEqualTo(SequentialBoundary.GROUP_SEQUENTIAL);
        assertThat(fresh.comparisons().get(0).sequential().alphaSpent()).isEqualTo(0.045);
    }

    /**
     * CI once read a snapshot taken after the decision: p = 0.0047 (the running minimum, from the deciding look) while
     * that look's own sequence, wider after a weaker batch, held no change. The interval is the running intersection.
     */
    @Test
    void afterTheDecisionLaterLooksKeepAnIntervalThatExcludesNoChangeAndLiesInsideTheEarlierOnes() {
        Random r = new Random(21);
        Arm c = new Arm(r, 10, 0, 0.5);
        Arm t = new Arm(r, 10, 0.012, 0.5);
        Map<String, Snapshot.Sequential> previous = new HashMap<>();
        Snapshot.Sequential decided = null;
        int after = 0;
        int ownHeldNoChange = 0;
        for (int batch = 0; batch < 200 && after < 30; batch++) {
            c.add(100);
            // once decided, the treatment's new units carry no lift: its own sequence drifts back towards no change
            t = decided == null ? t.add(100) : new Arm(t.r, 10, 0, 0.5).addTo(t.m, 100);
            Map<String, Moments[]> a = arms(c.m, t.m);
            Snapshot s = ExperimentAnalysis.analyze(primaryOnly(), a, previous);
            Snapshot.Sequential q = s.comparisons().get(0).sequential();
            Snapshot.Sequential before = previous.put("conversion|treatment", q);
            if (decided == null && q.significant()) {
                decided = q;
            } else if (decided != null) {
                after++;
                assertThat(s.status()).isEqualTo("conclusive");
                assertThat(q.decidedBy()).isEqualTo(decided.decidedBy());
                assertThat(q.lower()).as("look %d after the decision", after).isPositive();
                assertThat(q.lower()).isGreaterThanOrEqualTo(before.lower());
                assertThat(q.upper()).isLessThanOrEqualTo(before.upper());
                // the same look with the earlier bounds left out: its own interval
                Snapshot.Sequential unbounded = new Snapshot.Sequential(
                        -1e9,
                        1e9,
                        before.alwaysValidP(),
                        before.significant(),
                        before.decidedBy(),
                        before.z(),
                        before.informationFraction(),
                        before.boundary(),
                        before.alphaSpent(),
                        before.looks());
                Snapshot.Sequential own = ExperimentAnalysis.analyze(
                                primaryOnly(), a, Map.of("conversion|treatment", unbounded))
                        .comparisons()
                        .get(0)
                        .sequential();
                ownHeldNoChange += own.lower() <= 0 ? 1 : 0;
            }
        }
        assertThat(decided).as("the lift was found").isNotNull();
        assertThat(after).isEqualTo(30);
        // what the assertions above guard against: without the intersection these looks showed no change possible
        assertThat(ownHeldNoChange).isPositive();
    }

    @Test
    void anEarlierIntervalThatTheDataContradictsGivesWayToThisLooksInterval() {
        Random r = new Random(22);
        Map<String, Moments[]> a = arms(new Arm(r, 10, 0, 0.5).add(2000).m, new Arm(r, 10, 0.05, 0.5).add(2000).m);
        Snapshot.Sequential earlier =
                new Snapshot.Sequential(-0.2, -0.1, 0.3, false, null, -0.5, 0.2, 5.0, 1e-6, List.of(0.2));
        Snapshot.Sequential q = ExperimentAnalysis.analyze(primaryOnly(), a, Map.of("conversion|treatment", earlier))
                .comparisons()
                .get(0)
                .sequential();
        Snapshot.Sequential alone = ExperimentAnalysis.analyze(
                        primaryOnly(),
                        a,
                        Map.of(
                                "conversion|treatment",
                                new Snapshot.Sequential(-1, 1, 0.3, false, null, -0.5, 0.2, 5.0, 1e-6, List.of(0.2))))
                .comparisons()
                .get(0)
                .sequential();
        assertThat(q.lower()).isEqualTo(alone.lower()).isGreaterThan(-0.1);
        assertThat(q.upper()).isEqualTo(alone.upper());
    }

    @Test
    void aSnapshotCountsAsAGroupSequentialLookOnlyAfterOnePercentOfThePlan() {
        Random r = new Random(19);
        Arm c = new Arm(r, 10, 0, 0.5).add(1000);
        Arm t = new Arm(r, 10, 0, 0.5).add(1000);
        Snapshot.Sequential first = ExperimentAnalysis.analyze(primaryOnly(), arms(c.m, t.m), Map.of())
                .comparisons()
                .get(0)
                .sequential();
        assertThat(first.looks()).containsExactly(0.2);
        assertThat(first.boundary()).isGreaterThan(4);
        c.add(40);
        t.add(40);
        Snapshot.Sequential soon = ExperimentAnalysis.analyze(
                        primaryOnly(), arms(c.m, t.m), Map.of("conversion|treatment", first))
                .comparisons()
                .get(0)
                .sequential();
        assertThat(soon.looks()).containsExactly(0.2);
        assertThat(soon.boundary()).isNull();
        assertThat(soon.alphaSpent()).isEqualTo(first.alphaSpent());
        c.add(10);
        t.add(10);
        Snapshot.Sequential look = ExperimentAnalysis.analyze(
                        primaryOnly(), arms(c.m, t.m), Map.of("conversion|treatment", soon))
                .comparisons()
                .get(0)
                .sequential();
        assertThat(look.looks()).containsExactly(0.2, 0.21);
        assertThat(look.boundary()).isLessThan(first.boundary());
        assertThat(look.alphaSpent()).isGreaterThan(first.alphaSpent());
    }

    @Test
    void aSnapshotFromBeforeTheGroupSequentialTestStartsItsRecordAnew() {
        Random r = new Random(20);
        Map<String, Moments[]> a = arms(new Arm(r, 10, 0, 0.5).add(2000).m, new Arm(r, 10, 0, 0.5).add(2000).m);
        // what a snapshot of the previous release reads as: no looks, its own sequence's p-value
        Snapshot.Sequential old = new Snapshot.Sequential(-0.01, 0.01, 0.001, true, null, 0, 0, null, 0, null);
        Snapshot.Sequential q = ExperimentAnalysis.analyze(primaryOnly(), a, Map.of("conversion|treatment", old))
                .comparisons()
                .get(0)
                .sequential();
        assertThat(q.looks()).containsExactly(0.4);
        assertThat(q.alwaysValidP()).isGreaterThan(0.001);
        assertThat(q.significant()).isFalse();
    }

    @Test
    void aTrueLiftIsFoundWithCupedNarrowerAndAnIntervalAroundIt() {
        Random r = new Random(13);
        Moments c = new Arm(r, 10, 0, 0.7).add(20_000).m;
        Moments t = new Arm(r, 10, 0.02, 0.7).add(20_000).m;
        Snapshot s = ExperimentAnalysis.analyze(primaryOnly(), arms(c, t), Map.of());
        Snapshot.Comparison x = s.comparisons().get(0);
        assertThat(s.status()).isEqualTo("conclusive");
        assertThat(s.recommendation())
                .startsWith("conclusive: treatment raises conversion by +"
                        + String.format("%.2f", x.cuped().estimate() * 100))
                .contains("sequential interval [+");
        assertThat(x.cuped().estimate()).isCloseTo(0.02, within(0.004));
        assertThat(x.cuped().lower()).isPositive();
        assertThat(x.cuped().upper() - x.cuped().lower())
                .isLessThan(0.8 * (x.lift().upper() - x.lift().lower()));
        assertThat(x.varianceReduction()).isCloseTo(0.49, within(0.03));
        assertThat(x.sequential().lower()).isPositive().isLessThan(x.cuped().lower());
    }

    @Test
    void aSampleRatioMismatchBlocksEveryConclusion() {
        Random r = new Random(14);
        Moments c = new Arm(r, 10, 0, 0.5).add(4800).m;
        Moments t = new Arm(r, 10, 0.05, 0.5).add(5200).m;
        Snapshot s = ExperimentAnalysis.analyze(primaryOnly(), arms(c, t), Map.of());
        assertThat(s.srm().mismatch()).isTrue();
        assertThat(s.srm().pValue()).isLessThan(0.001);
        assertThat(s.status()).isEqualTo("blocked");
        assertThat(s.recommendation()).contains("sample ratio mismatch").contains("[4800, 5200]");
        Moments c2 = new Arm(r, 10, 0, 0.5).add(4950).m;
        Moments t2 = new Arm(r, 10, 0, 0.5).add(5050).m;
        assertThat(ExperimentAnalysis.analyze(primaryOnly(), arms(c2, t2), Map.of())
                        .srm()
                        .mismatch())
                .isFalse();
    }

    @Test
    void aGuardrailBeyondItsToleranceStopsAndMultiplicityWidensTheDecisions() {
        Random r = new Random(15);
        Map<String, Moments[]> arms = Map.of(
                "conversion", new Moments[] {new Arm(r, 10, 0, 0.5).add(5000).m, new Arm(r, 10, 0, 0.5).add(5000).m},
                "order-value",
                        new Moments[] {new Arm(r, 50, 0, 0.5).add(5000).m, new Arm(r, 50, 0.001, 0.5).add(5000).m},
                "error-rate", new Moments[] {new Arm(r, 10, 0, 0.5).add(5000).m, new Arm(r, 10, 0.2, 0.5).add(5000).m});
        Snapshot s = ExperimentAnalysis.analyze(PLAN, arms, Map.of());
        assertThat(s.status()).isEqualTo("conclusive");
        assertThat(s.recommendation()).startsWith("stop: guardrail error-rate violated by treatment (change +20.");
        Snapshot.Comparison guard = s.comparisons().stream()
                .filter(c -> c.role().equals("guardrail"))
                .findFirst()
                .orElseThrow();
        assertThat(guard.guardrail()).isEqualTo("violated");
        for (Snapshot.Comparison c : s.comparisons().subList(0, 2)) {
            assertThat(c.holmP()).isGreaterThanOrEqualTo(c.cuped().pValue());
            assertThat(c.bhP()).isGreaterThanOrEqualTo(c.cuped().pValue()).isLessThanOrEqualTo(c.holmP());
            assertThat(c.adjusted().level()).isCloseTo(1 - 0.05 / 2, within(1e-12));
            assertThat(c.adjusted().upper() - c.adjusted().lower())
                    .isGreaterThan(c.cuped().upper() - c.cuped().lower());
        }
    }

    @Test
    void theSameInputGivesTheSameSnapshot() {
        Random r = new Random(16);
        Map<String, Moments[]> a = arms(new Arm(r, 10, 0, 0.5).add(300).m, new Arm(r, 10, 0.01, 0.5).add(310).m);
        assertThat(ExperimentAnalysis.analyze(PLAN, a, Map.of()))
                .usingRecursiveComparison()
                .isEqualTo(ExperimentAnalysis.analyze(PLAN, a, Map.of()));
    }
}
