package dev.verdict.decisions.criteria.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.decisions.criteria.grammar.Criterion;
import dev.verdict.decisions.criteria.grammar.CriterionSyntax;
import dev.verdict.decisions.evidence.EvidenceFixtures;
import dev.verdict.decisions.evidence.model.Evidence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CriteriaEvaluatorTest {

    private static final Instant NOW = Instant.parse("2025-11-10T12:00:00Z");
    private static final Criterion CPU = CriterionSyntax.parse(
            "cpu: benchmark \"cpu-time-per-op\" ratio(jdk25/jdk17) ci.upper <= 0.95 with n >= 10 and gates passed within 30d");
    private static final Criterion LATENCY =
            CriterionSyntax.parse("latency: canary \"p99-latency\" classification != High within 14d");

    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID C = UUID.fromString("00000000-0000-0000-0000-00000000000c");

    private static Instant daysAgo(int d) {
        return NOW.minus(Duration.ofDays(d));
    }

    @Test
    void supportedWhenEveryCriterionIsSatisfied() {
        Evaluation e = CriteriaEvaluator.evaluate(
                List.of(CPU, LATENCY),
                List.of(
                        EvidenceFixtures.benchmark(A, daysAgo(2), 0.90, 0.87, 0.93, 20, true),
                        EvidenceFixtures.canary(B, daysAgo(1), "Low")),
                NOW);
        assertThat(e.status()).isEqualTo(EvidenceStatus.SUPPORTED);
        assertThat(e.results())
                .extracting(CriterionResult::outcome)
                .containsExactly(CriterionOutcome.SATISFIED, CriterionOutcome.SATISFIED);
        assertThat(e.results().get(0).decidingEvidence()).isEqualTo(A);
        assertThat(e.results().get(0).observed()).isEqualTo("0.93");
        assertThat(e.explanation())
                .isEqualTo("Supported: all 2 criteria are satisfied by current evidence. "
                        + "cpu: evidence " + A + ": ci.upper = 0.93 satisfies <= 0.95. "
                        + "latency: evidence " + B + ": classification = Low satisfies != High.");
    }

    @Test
    void contradictedNamesTheViolatingEvidence() {
        Evaluation e = CriteriaEvaluator.evaluate(
                List.of(CPU, LATENCY),
                List.of(
                        EvidenceFixtures.benchmark(A, daysAgo(2), 0.98, 0.96, 0.99, 20, true),
                        EvidenceFixtures.canary(B, daysAgo(1), "Low")),
                NOW);
        assertThat(e.status()).isEqualTo(EvidenceStatus.CONTRADICTED);
        assertThat(e.explanation())
                .isEqualTo("Contradicted: 1 of 2 criteria violated. " + "cpu: evidence " + A
                        + ": ci.upper = 0.99 violates <= 0.95.");
    }

    @Test
    void anIntervalOnBothSidesOfTheThresholdCannotTellYet() {
        // ADR-0005: ci.upper 0.99 fails "<= 0.95", but ci.lower 0.93 passes it: the ratio may be below or above
        Evaluation e = CriteriaEvaluator.evaluate(
                List.of(CPU), List.of(EvidenceFixtures.benchmark(A, daysAgo(2), 0.96, 0.93, 0.99, 20, true)), NOW);
        assertThat(e.status()).isEqualTo(EvidenceStatus.INCONCLUSIVE);
        assertThat(e.results().get(0).outcome()).isEqualTo(CriterionOutcome.INCONCLUSIVE);
        assertThat(e.results().get(0).decidingEvidence()).isEqualTo(A);
        assertThat(e.explanation())
                .isEqualTo("Inconclusive: 1 of 1 criteria are not decided by current evidence. cpu: evidence " + A
                        + ": ci.upper = 0.99 does not satisfy <= 0.95, but ci.lower = 0.93 does: the interval holds"
                        + " values on both sides of 0.95, so it cannot tell yet.");
        // the same on a lower bound: an experiment's lift whose sequence still includes no change
        Criterion lift = CriterionSyntax.parse("benchmark \"cpu-time-per-op\" ratio(jdk25/jdk17) ci.lower > 1");
        assertThat(CriteriaEvaluator.evaluate(
                                List.of(lift),
                                List.of(EvidenceFixtures.benchmark(A, daysAgo(2), 1.01, 0.97, 1.05, 20, true)),
                                NOW)
                        .results()
                        .get(0)
                        .outcome())
                .isEqualTo(CriterionOutcome.INCONCLUSIVE);
        // only the whole interval on the wrong side violates it
        assertThat(CriteriaEvaluator.evaluate(
                                List.of(lift),
                                List.of(EvidenceFixtures.benchmark(A, daysAgo(2), 0.95, 0.93, 0.99, 20, true)),
                                NOW)
                        .results()
                        .get(0)
                        .outcome())
                .isEqualTo(CriterionOutcome.VIOLATED);
        // a point statistic keeps two outcomes
        Criterion estimate = CriterionSyntax.parse("benchmark \"cpu-time-per-op\" ratio(jdk25/jdk17) estimate <= 0.95");
        assertThat(CriteriaEvaluator.evaluate(
                                List.of(estimate),
                                List.of(EvidenceFixtures.benchmark(A, daysAgo(2), 0.96, 0.93, 0.99, 20, true)),
                                NOW)
                        .results()
                        .get(0)
                        .outcome())
                .isEqualTo(CriterionOutcome.VIOLATED);
    }

    @Test
    void theNewestUsableEvidenceDecides() {
        Evaluation e = CriteriaEvaluator.evaluate(
                List.of(CPU),
                List.of(
                        EvidenceFixtures.benchmark(A, daysAgo(5), 0.96, 0.93, 0.99, 20, true),
                        EvidenceFixtures.benchmark(B, daysAgo(3), 0.90, 0.88, 0.92, 20, true),
                        EvidenceFixtures.benchmark(C, daysAgo(1), 0.80, 0.70, 0.90, 20, false)),
                NOW);
        assertThat(e.status()).isEqualTo(EvidenceStatus.SUPPORTED);
        CriterionResult r = e.results().get(0);
        assertThat(r.decidingEvidence()).isEqualTo(B);
        assertThat(r.matching()).isEqualTo(3);
        assertThat(r.explanation()).contains("Newer but unusable: " + C + " (quality gates failed: steady-state)");
    }

    @Test
    void inconclusiveWithoutEvidenceOrWithTooFewSamples() {
        Evaluation none =
                CriteriaEvaluator.evaluate(List.of(CPU), List.of(EvidenceFixtures.canary(B, daysAgo(1), "Low")), NOW);
        assertThat(none.status()).isEqualTo(EvidenceStatus.INCONCLUSIVE);
        assertThat(none.explanation())
                .isEqualTo("Inconclusive: 1 of 1 criteria are not decided by current evidence. "
                        + "cpu: no benchmark evidence for \"cpu-time-per-op\" ratio(jdk25/jdk17).");
        Evaluation few = CriteriaEvaluator.evaluate(
                List.of(CPU), List.of(EvidenceFixtures.benchmark(A, daysAgo(1), 0.9, 0.8, 0.91, 6, true)), NOW);
        assertThat(few.status()).isEqualTo(EvidenceStatus.INCONCLUSIVE);
        assertThat(few.explanation()).contains("none of 1 benchmark evidence").contains(A + " (n = 6 < 10)");
        Evaluation noCriteria = CriteriaEvaluator.evaluate(List.of(), List.of(), NOW);
        assertThat(noCriteria.status()).isEqualTo(EvidenceStatus.INCONCLUSIVE);
        assertThat(noCriteria.explanation()).contains("no fitness criteria");
    }

    @Test
    void staleWhenTheDecidingEvidenceIsTooOld() {
        Evaluation e = CriteriaEvaluator.evaluate(
                List.of(CPU, LATENCY),
                List.of(
                        EvidenceFixtures.benchmark(A, daysAgo(45), 0.90, 0.87, 0.93, 20, true),
                        EvidenceFixtures.canary(B, daysAgo(1), "Low")),
                NOW);
        assertThat(e.status()).isEqualTo(EvidenceStatus.STALE);
        assertThat(e.explanation())
                .contains("cpu: newest usable evidence " + A + " ended 2025-09-26T12:00:00Z, 45 days ago,"
                        + " older than max-age 30d (its ci.upper = 0.93 satisfies <= 0.95).");
        // the same evidence evaluated 10 days after it ended is current again
        assertThat(CriteriaEvaluator.evaluate(
                                List.of(CPU),
                                List.of(EvidenceFixtures.benchmark(A, daysAgo(45), 0.90, 0.87, 0.93, 20, true)),
                                daysAgo(35))
                        .status())
                .isEqualTo(EvidenceStatus.SUPPORTED);
    }

    @Test
    void contradictionWinsOverStaleAndInconclusive() {
        Criterion third = CriterionSyntax.parse("telemetry \"error-rate\" estimate < 0.01");
        Evaluation e = CriteriaEvaluator.evaluate(
                List.of(CPU, LATENCY, third),
                List.of(
                        EvidenceFixtures.benchmark(A, daysAgo(45), 0.90, 0.87, 0.93, 20, true),
                        EvidenceFixtures.canary(B, daysAgo(1), "High")),
                NOW);
        assertThat(e.status()).isEqualTo(EvidenceStatus.CONTRADICTED);
        assertThat(e.results())
                .extracting(CriterionResult::outcome)
                .containsExactly(CriterionOutcome.STALE, CriterionOutcome.VIOLATED, CriterionOutcome.INCONCLUSIVE);
    }

    @Test
    void supersededEvidenceNoLongerCounts() {
        Evidence wrong = EvidenceFixtures.benchmark(A, daysAgo(1), 0.99, 0.97, 1.01, 20, true);
        Evidence base = EvidenceFixtures.benchmark(B, daysAgo(2), 0.90, 0.87, 0.93, 20, true);
        Evidence correction = new Evidence(
                C,
                base.kind(),
                base.subject(),
                base.decision(),
                base.metric(),
                base.comparison(),
                base.provenance(),
                base.measurements(),
                base.result(),
                base.gates(),
                base.attachments(),
                A,
                "re-run: the first run had turbo boost on",
                base.recordedAt(),
                null);
        assertThat(CriteriaEvaluator.evaluate(List.of(CPU), List.of(wrong, base), NOW)
                        .status())
                .isEqualTo(EvidenceStatus.CONTRADICTED);
        Evaluation e = CriteriaEvaluator.evaluate(List.of(CPU), List.of(wrong, base, correction), NOW);
        assertThat(e.status()).isEqualTo(EvidenceStatus.SUPPORTED);
        assertThat(e.results().get(0).matching()).isEqualTo(2);
    }

    @Test
    void evaluationIsDeterministicWhateverTheInputOrder() {
        List<Evidence> items = List.of(
                EvidenceFixtures.benchmark(A, daysAgo(3), 0.96, 0.93, 0.99, 20, true),
                EvidenceFixtures.benchmark(B, daysAgo(3), 0.90, 0.88, 0.92, 20, true),
                EvidenceFixtures.canary(C, daysAgo(1), "Low"));
        Evaluation a = CriteriaEvaluator.evaluate(List.of(CPU, LATENCY), items, NOW);
        Evaluation b = CriteriaEvaluator.evaluate(
                List.of(CPU, LATENCY), List.of(items.get(2), items.get(1), items.get(0)), NOW);
        assertThat(b).isEqualTo(a);
    }

    @Test
    void equivalenceNeedsTheWholeIntervalInsideTheMarginAndIsViolatedOnlyWhollyOutside() {
        Criterion eq = CriterionSyntax.parse(
                "same: benchmark \"cpu-time-per-op\" ratio(jdk25/jdk17) equivalent within 3% with gates passed");
        record Case(double lo, double hi, CriterionOutcome outcome, String words) {}
        Case[] cases = {
            new Case(0.985, 1.02, CriterionOutcome.SATISFIED, "lies within the equivalence region (0.970874, 1.03)"),
            new Case(0.975, 1.035, CriterionOutcome.INCONCLUSIVE, "holds values inside and outside"),
            new Case(1.031, 1.2, CriterionOutcome.VIOLATED, "lies wholly outside"),
            new Case(0.5, 0.97, CriterionOutcome.VIOLATED, "lies wholly outside"),
            // 0.971 is inside 1/1.03 = 0.970874: the region is symmetric on the log scale
            new Case(0.971, 1.0, CriterionOutcome.SATISFIED, "lies within"),
        };
        for (Case c : cases) {
            Evaluation e = CriteriaEvaluator.evaluate(
                    List.of(eq),
                    List.of(EvidenceFixtures.benchmark(A, daysAgo(1), (c.lo() + c.hi()) / 2, c.lo(), c.hi(), 20, true)),
                    NOW);
            assertThat(e.results().get(0).outcome())
                    .as("[%s, %s]", c.lo(), c.hi())
                    .isEqualTo(c.outcome());
            assertThat(e.results().get(0).explanation()).contains(c.words());
        }
        // failed gates: not usable
        Evaluation gated = CriteriaEvaluator.evaluate(
                List.of(eq), List.of(EvidenceFixtures.benchmark(A, daysAgo(1), 1.0, 0.99, 1.01, 20, false)), NOW);
        assertThat(gated.results().get(0).outcome()).isEqualTo(CriterionOutcome.INCONCLUSIVE);
        assertThat(gated.results().get(0).explanation()).contains("quality gates failed");
    }

    @Test
    void numbersAreFormattedExactlyToSixDigits() {
        assertThat(CriteriaEvaluator.format(0.1)).isEqualTo("0.1");
        assertThat(CriteriaEvaluator.format(0.93)).isEqualTo("0.93");
        assertThat(CriteriaEvaluator.format(1234567.0)).isEqualTo("1234570");
        assertThat(CriteriaEvaluator.format(1.0e-7)).isEqualTo("1.00000E-7".replace("1.00000", "1"));
    }
}
