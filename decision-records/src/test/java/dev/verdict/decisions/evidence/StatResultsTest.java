package dev.verdict.decisions.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.decisions.criteria.evaluate.CriteriaEvaluator;
import dev.verdict.decisions.criteria.evaluate.EvidenceStatus;
import dev.verdict.decisions.criteria.grammar.CriterionSyntax;
import dev.verdict.decisions.evidence.model.Evidence;
import dev.verdict.decisions.evidence.model.QualityGate;
import dev.verdict.decisions.evidence.model.StatResults;
import dev.verdict.decisions.evidence.model.StatisticalResult;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.decisions.shared.EvidenceKind;
import dev.verdict.stats.bootstrap.Bootstrap;
import dev.verdict.stats.bootstrap.BootstrapResult;
import dev.verdict.stats.rank.MannWhitney;
import dev.verdict.stats.rank.MannWhitneyResult;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** verdict-stats results become evidence that criteria can judge. */
class StatResultsTest {

    private static final double[] JDK17 = {812, 805, 830, 798, 841, 820, 809, 815, 826, 803, 811, 818};
    private static final double[] JDK25 = {731, 744, 728, 752, 739, 733, 747, 726, 741, 735, 738, 729};

    @Test
    void bootstrapRatioBecomesEvidenceThatSupportsACpuCriterion() {
        BootstrapResult b = Bootstrap.ratioOfMedians(JDK25, JDK17, Bootstrap.Options.defaults(42));
        StatisticalResult r = StatResults.of(b);
        assertThat(r.estimate()).isEqualTo(b.estimate());
        assertThat(r.ciUpper()).isEqualTo(b.confidenceInterval().upper());
        assertThat(r.candidateN()).isEqualTo(12);
        assertThat(r.baselineN()).isEqualTo(12);
        Instant end = Instant.parse("2025-11-01T10:00:00Z");
        Evidence e = Evidence.create(
                UUID.randomUUID(),
                EvidenceKind.BENCHMARK,
                "component:default/payments",
                DecisionNumber.of(7),
                "cpu-time-per-op",
                "ratio(jdk25/jdk17)",
                EvidenceFixtures.provenance("r1", end),
                null,
                r,
                List.of(new QualityGate("steady-state", true, null)),
                List.of(),
                null,
                null,
                end);
        assertThat(CriteriaEvaluator.evaluate(
                                List.of(
                                        CriterionSyntax.parse(
                                                "benchmark \"cpu-time-per-op\" ratio(jdk25/jdk17) ci.upper <= 0.95 with n >= 10 and gates passed")),
                                List.of(e),
                                end)
                        .status())
                .isEqualTo(EvidenceStatus.SUPPORTED);
    }

    @Test
    void mannWhitneyKeepsMethodPValueAndSampleSizes() {
        MannWhitneyResult m = MannWhitney.test(JDK25, JDK17);
        StatisticalResult r = StatResults.of(m);
        assertThat(r.method()).isEqualTo(m.method());
        assertThat(r.pValue()).isEqualTo(m.pValue());
        assertThat(r.estimate()).isNegative();
        assertThat(r.ciLower()).isEqualTo(m.confidenceInterval().lower());
        assertThat(r.sampleSize()).isEqualTo(12);
    }
}
