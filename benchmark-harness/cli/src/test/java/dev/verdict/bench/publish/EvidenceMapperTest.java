package dev.verdict.bench.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.bench.BenchException;
import dev.verdict.bench.compare.Comparison;
import dev.verdict.bench.compare.ReportFixtures;
import dev.verdict.events.EventCodec;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.benchmark.BenchmarkEvents;
import dev.verdict.events.benchmark.ComparisonCompleted;
import dev.verdict.events.evidence.EvidenceReported;
import org.junit.jupiter.api.Test;

class EvidenceMapperTest {

    static final String SUBJECT = "component:default/payments-api";

    @Test
    void theComparisonBecomesEvidenceItemsInTheDecisionRecordsShape() {
        Comparison c = ReportFixtures.mixed(true);
        VerdictEvent<ComparisonCompleted> e = EvidenceMapper.event(c, SUBJECT, "adr 7", "abc123");

        assertThat(e.type()).isEqualTo("dev.verdict.benchmark.comparison-completed.v1");
        assertThat(e.source()).isEqualTo("/verdict/benchmark-harness");
        assertThat(e.subject()).isEqualTo(SUBJECT);
        assertThat(e.time()).isEqualTo(c.windowEnd());
        ComparisonCompleted d = e.data();
        assertThat(d.comparisonId()).isEqualTo(c.contentHash());
        assertThat(d.decision()).isEqualTo("ADR-0007");
        assertThat(d.baseline()).isEqualTo("jdk17");
        assertThat(d.candidate()).isEqualTo("jdk25");
        assertThat(d.complete()).isTrue();
        assertThat(d.classifications()).isEqualTo(c.classifications());
        // 2 suite geometric means + per benchmark its score + (if measured) its CPU time per op
        long cpu = c.benchmarks().stream().filter(b -> b.cpuPerOp() != null).count();
        assertThat(d.evidence()).hasSize(2 + c.benchmarks().size() + (int) cpu);
        assertThat(d.evidence()).allSatisfy(ev -> {
            assertThat(ev.kind()).isEqualTo("benchmark");
            assertThat(ev.subject()).isEqualTo(SUBJECT);
            assertThat(ev.decision()).isEqualTo("ADR-0007");
            assertThat(ev.comparison()).isEqualTo("ratio(jdk25/jdk17)");
            assertThat(ev.provenance().producer()).isEqualTo("benchmark-harness");
            assertThat(ev.provenance().codeRevision()).isEqualTo("abc123");
            assertThat(ev.provenance().environment().jdkVendor()).isEqualTo("Vendor jdk25");
            assertThat(ev.provenance().environment().other())
                    .containsEntry("baseline.jdkVendor", "Vendor jdk17")
                    .containsEntry("cores", "2");
            assertThat(ev.provenance().windowStart()).isBefore(ev.provenance().windowEnd());
            assertThat(ev.result().classification()).matches("[A-Za-z][A-Za-z0-9_-]{0,63}");
            assertThat(ev.gates()).extracting(EvidenceReported.Gate::name).contains("run-complete", "alternated");
        });

        EvidenceReported overall = d.evidence().get(0);
        assertThat(overall.metric()).isEqualTo("time-per-op");
        assertThat(overall.result().estimate()).isEqualTo(c.overall().get(0).estimate());
        assertThat(overall.measurements().groups().get(0).samples())
                .hasSize(c.overall().get(0).n());
        assertThat(overall.gates()).anyMatch(g -> g.name().equals("coverage") && !g.passed());
        assertThat(d.evidence().get(1).metric()).isEqualTo("cpu-time-per-op");

        EvidenceReported json = d.evidence().stream()
                .filter(ev -> ev.metric().equals("x.Json.serialize"))
                .findFirst()
                .orElseThrow();
        Comparison.BenchmarkComparison b = c.benchmarks().get(0);
        assertThat(json.result().estimate()).isEqualTo(b.score().ratio());
        assertThat(json.result().ciLower()).isEqualTo(b.score().ciLower());
        assertThat(json.result().pValue()).isEqualTo(b.score().pAdjusted());
        assertThat(json.result().baselineN()).isEqualTo(5L);
        assertThat(json.result().classification()).isEqualTo("better");
        assertThat(json.measurements().unit()).isEqualTo("us/op");
        assertThat(json.measurements().groups())
                .extracting(EvidenceReported.Group::name)
                .containsExactly("jdk17", "jdk25");
        assertThat(json.measurements().groups().get(1).samples())
                .isEqualTo(b.candidateGroup().scores());
        assertThat(d.evidence())
                .anyMatch(ev -> ev.metric().equals("x.Json.serialize:cpu-time-per-op")
                        && ev.measurements().unit().equals("ns/op"));
        EvidenceReported fails = d.evidence().stream()
                .filter(ev -> ev.metric().equals("x.Odd.fails"))
                .findFirst()
                .orElseThrow();
        assertThat(fails.result().classification()).isEqualTo("unsupported");
        assertThat(fails.result().estimate()).isNull();
        assertThat(fails.notes()).contains("unsupported on jdk25");
    }

    @Test
    void theEventRoundTripsThroughThePlatformCodecAndIsDeterministic() {
        Comparison c = ReportFixtures.mixed(true);
        VerdictEvent<ComparisonCompleted> e1 = EvidenceMapper.event(c, SUBJECT, "ADR-0007", null);
        VerdictEvent<ComparisonCompleted> e2 = EvidenceMapper.event(c, SUBJECT, "7", null);
        assertThat(e2.id()).isEqualTo(e1.id());
        assertThat(EventCodec.platform().encodeToString(e2))
                .isEqualTo(EventCodec.platform().encodeToString(e1));
        assertThat(EvidenceMapper.event(c, SUBJECT, "ADR-0008", null).id()).isNotEqualTo(e1.id());
        assertThat(EvidenceMapper.event(c, "component:default/other", "ADR-0007", null)
                        .id())
                .isNotEqualTo(e1.id());

        VerdictEvent<?> back =
                EventCodec.platform().decode(EventCodec.platform().encode(e1));
        assertThat(back.id()).isEqualTo(e1.id());
        ComparisonCompleted data =
                back.dataAs(BenchmarkEvents.COMPARISON_COMPLETED).orElseThrow();
        assertThat(data).isEqualTo(e1.data());
        // without a code revision the benchmarks jar's hash names the measured code
        assertThat(data.evidence().get(0).provenance().codeRevision())
                .isEqualTo("benchmarks.jar sha256:" + "ab".repeat(32));
    }

    @Test
    void badSubjectOrDecisionIsRefused() {
        Comparison c = ReportFixtures.mixed(true);
        assertThatThrownBy(() -> EvidenceMapper.event(c, "payments api", null, null))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("catalog entity ref");
        assertThatThrownBy(() -> EvidenceMapper.event(c, SUBJECT, "RFC-1", null))
                .hasMessageContaining("ADR-0007");
        assertThat(EvidenceMapper.event(c, SUBJECT, null, null).data().decision())
                .isNull();
    }
}
