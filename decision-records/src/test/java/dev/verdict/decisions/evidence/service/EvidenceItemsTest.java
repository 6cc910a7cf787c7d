package dev.verdict.decisions.evidence.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.events.VerdictEvent;
import dev.verdict.events.benchmark.BenchmarkEvents;
import dev.verdict.events.benchmark.ComparisonCompleted;
import dev.verdict.events.catalog.CatalogEvents;
import dev.verdict.events.catalog.EntityDeleted;
import dev.verdict.events.evidence.EvidenceEvents;
import dev.verdict.events.evidence.EvidenceReported;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which evidence items the consumer takes from an event, and the stable ids they get. */
class EvidenceItemsTest {

    private static EvidenceReported item(String subject, String decision, String metric) {
        return new EvidenceReported(
                "benchmark", subject, decision, metric, "ratio(jdk25/jdk17)", null, null, null, List.of(), null, null);
    }

    @Test
    void aComparisonGivesItsItemsInOrderWithTheComparisonsSubjectAndDecisionAsDefaults() {
        ComparisonCompleted c = new ComparisonCompleted(
                "hash",
                "run",
                "component:default/a",
                "ADR-0007",
                "jdk17",
                "jdk25",
                true,
                Map.of(),
                List.of(item(null, null, "time-per-op"), item("component:default/b", "ADR-0008", "cpu-time-per-op")));
        VerdictEvent<ComparisonCompleted> e = VerdictEvent.create(
                BenchmarkEvents.COMPARISON_COMPLETED, "benchmark-harness", "component:default/a", c);
        List<EvidenceReported> items = EvidenceConsumer.evidenceItems(e);
        assertThat(items).extracting(EvidenceReported::metric).containsExactly("time-per-op", "cpu-time-per-op");
        assertThat(items)
                .extracting(EvidenceReported::subject)
                .containsExactly("component:default/a", "component:default/b");
        assertThat(items).extracting(EvidenceReported::decision).containsExactly("ADR-0007", "ADR-0008");
    }

    @Test
    void anEvidenceEventIsOneItemAndOtherTypesNone() {
        EvidenceReported r = item("component:default/a", null, "p99");
        assertThat(EvidenceConsumer.evidenceItems(VerdictEvent.create(
                        EvidenceEvents.DEPLOY_EVIDENCE, "deploy-orchestrator", "component:default/a", r)))
                .containsExactly(r);
        assertThat(EvidenceConsumer.evidenceItems(VerdictEvent.create(
                        CatalogEvents.ENTITY_DELETED,
                        "catalog-service",
                        "component:default/a",
                        new EntityDeleted("component:default/a", "uid-1", "user:admin"))))
                .isNull();
        assertThat(EvidenceConsumer.evidenceItems(VerdictEvent.create(
                        BenchmarkEvents.COMPARISON_COMPLETED,
                        "benchmark-harness",
                        "component:default/a",
                        new ComparisonCompleted(
                                "h", "r", "component:default/a", null, "jdk17", "jdk25", false, Map.of(), null))))
                .isEmpty();
    }

    @Test
    void itemIdsAreStablePerEventAndPosition() {
        UUID event = UUID.randomUUID();
        assertThat(EvidenceService.itemId(event, 3))
                .isEqualTo(EvidenceService.itemId(event, 3))
                .isNotEqualTo(EvidenceService.itemId(event, 2))
                .isNotEqualTo(EvidenceService.itemId(UUID.randomUUID(), 3));
    }
}
