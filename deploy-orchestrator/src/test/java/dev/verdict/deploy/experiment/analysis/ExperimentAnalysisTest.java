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

    @Test
    /**
     * Issue #14 asks for 3-7 %. An anytime-valid sequence keeps the error at or below α however long it runs, so
     * over a finite number of looks it stays below α: 14 of 1,000 here (1.4 %). The bound asserted is the guarantee;
     * the lower end guards against a sequence that never stops.
     */
    void anAaExperimentLookedAtAfterEveryBatchStopsFalselyAtMostAtAlpha() {
        Random r = new Random(12);
        int stopped = 0;
        int naive = 0;
        for (int run = 0; run < 1000; run++) {
            Arm c = new Arm(r, 10, 0, 0.5);
            Arm t = new Arm(r, 10, 0, 0.5);
            Map<String, Double> previous = new HashMap<>();
            boolean stop = false;
            boolean naiveStop = false;
            for (int batch = 0; batch < 50 && !stop; batch++) {
                c.add(100);
                t.add(100);
                Snapshot s = ExperimentAnalysis.analyze(primaryOnly(), arms(c.m, t.m), previous);
                Snapshot.Comparison x = s.comparisons().get(0);
                previous.put("conversion|treatment", x.sequential().alwaysValidP());
                stop = s.status().equals("conclusive");
                naiveStop |= x.cuped().pValue() < 0.05;
            }
            stopped += stop ? 1 : 0;
            naive += naiveStop ? 1 : 0;
        }
        assertThat(stopped).as("false stops of 1,000 A/A runs with 50 looks").isBetween(5, 70);
        // the fixed-horizon p-value peeked at as often stops far more often: what the sequence protects against
        assertThat(naive).isGreaterThan(150);
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
                .contains("confidence sequence [+");
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
