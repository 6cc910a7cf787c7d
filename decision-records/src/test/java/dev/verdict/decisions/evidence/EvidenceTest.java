package dev.verdict.decisions.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.decisions.evidence.model.Evidence;
import dev.verdict.decisions.evidence.model.EvidenceIntegrityException;
import dev.verdict.decisions.evidence.model.Provenance;
import dev.verdict.decisions.evidence.model.StatisticalResult;
import dev.verdict.decisions.evidence.model.TimeWindow;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.decisions.shared.EvidenceKind;
import dev.verdict.events.canonical.CanonicalJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EvidenceTest {

    private static final Instant END = Instant.parse("2025-11-01T10:00:00Z");

    @Test
    void canonicalJsonIsSortedCompactAndExact() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", List.of(0.1, 2.0, -0.0, 1e22, Double.NEGATIVE_INFINITY));
        m.put("é", "x\"\n\u0001");
        m.put("n", null);
        m.put("B", Map.of("y", true, "x", 1.5));
        assertThat(CanonicalJson.write(m))
                .isEqualTo(
                        "{\"B\":{\"x\":1.5,\"y\":true},\"a\":[0.1000000000000000055511151231257827021181583404541015625,2,0,1E+22,\"-Infinity\"],\"z\":1,\"é\":\"x\\\"\\n\\u0001\"}");
    }

    @Test
    void contentHashIsTheSha256OfTheCanonicalForm() {
        Evidence e = EvidenceFixtures.canary(UUID.fromString("00000000-0000-0000-0000-000000000001"), END, "Low");
        assertThat(e.canonicalJson())
                .isEqualTo("{\"decision\":\"ADR-0007\",\"kind\":\"canary\",\"measurements\":{},"
                        + "\"metric\":\"p99-latency\",\"provenance\":{\"codeRevision\":\"9f2c1ab\",\"environment\":{},"
                        + "\"producer\":\"deploy-orchestrator\",\"runId\":\"canary-42\",\"window\":{\"end\":"
                        + "\"2025-11-01T10:00:00Z\",\"start\":\"2025-11-01T09:30:00Z\"}},\"result\":{\"baselineN\":120,"
                        + "\"candidateN\":118,\"ciLevel\":0.9499999999999999555910790149937383830547332763671875,"
                        + "\"ciLower\":-1,\"ciUpper\":8,\"classification\":\"Low\",\"estimate\":3.5,\"method\":\"mann-whitney\","
                        + "\"pValue\":0.2099999999999999922284388276239042170345783233642578125},"
                        + "\"subject\":\"component:default/payments-api\"}");
        // independent check: printf '%s' '<canonical json above>' | sha256sum  → 847a68ff…; the exact decimals of 0.95
        // and 0.21 agree with Python's decimal.Decimal(0.95) / Decimal(0.21)
        assertThat(e.contentHash()).isEqualTo("847a68ff5c013e2f142ee3dc763baaf0ac1b352a4e6f453ec9f20adafedfd1be");
    }

    @Test
    void idAndRecordingTimeAreNotContent() {
        Evidence a = EvidenceFixtures.benchmark(UUID.randomUUID(), END, 0.9, 0.85, 0.95, 20, true);
        Evidence b = EvidenceFixtures.benchmark(UUID.randomUUID(), END, 0.9, 0.85, 0.95, 20, true);
        assertThat(a.contentHash()).isEqualTo(b.contentHash());
        Evidence c = EvidenceFixtures.benchmark(UUID.randomUUID(), END, 0.9, 0.85, 0.96, 20, true);
        assertThat(c.contentHash()).isNotEqualTo(a.contentHash());
    }

    @Test
    void aChangedStoredItemIsDetected() {
        Evidence e = EvidenceFixtures.canary(UUID.randomUUID(), END, "Low");
        assertThatThrownBy(() -> new Evidence(
                        e.id(),
                        e.kind(),
                        e.subject(),
                        e.decision(),
                        e.metric(),
                        e.comparison(),
                        e.provenance(),
                        e.measurements(),
                        new StatisticalResult("mann-whitney", 3.5, -1.0, 8.0, 0.95, 0.21, 120L, 118L, "High"),
                        e.gates(),
                        e.attachments(),
                        e.supersedes(),
                        e.notes(),
                        e.recordedAt(),
                        e.contentHash()))
                .isInstanceOf(EvidenceIntegrityException.class)
                .hasMessageContaining("content hash mismatch");
        // the same content with the stored hash is accepted
        Evidence same = new Evidence(
                e.id(),
                e.kind(),
                e.subject(),
                e.decision(),
                e.metric(),
                e.comparison(),
                e.provenance(),
                e.measurements(),
                e.result(),
                e.gates(),
                e.attachments(),
                e.supersedes(),
                e.notes(),
                e.recordedAt(),
                e.contentHash());
        assertThat(same).isEqualTo(e);
    }

    @Test
    void windowsAreKeptAtMicrosecondsSoHashesSurviveTheDatabase() {
        Instant nanos = Instant.parse("2025-11-01T10:00:00.123456789Z");
        TimeWindow w = new TimeWindow(nanos, nanos);
        assertThat(w.end()).isEqualTo(Instant.parse("2025-11-01T10:00:00.123456Z"));
    }

    @Test
    void invalidEvidenceIsRefused() {
        Provenance p = EvidenceFixtures.provenance("r", END);
        assertThatThrownBy(() -> Evidence.create(
                        UUID.randomUUID(),
                        EvidenceKind.BENCHMARK,
                        "component:x",
                        null,
                        "m",
                        null,
                        p,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        END))
                .hasMessageContaining("needs a statistical result");
        assertThatThrownBy(() -> new StatisticalResult("t", 1.0, 2.0, 1.0, null, null, null, null, null))
                .hasMessageContaining("lower bound");
        assertThatThrownBy(() -> new StatisticalResult("t", 1.0, null, null, null, 1.5, null, null, null))
                .hasMessageContaining("pValue");
        assertThatThrownBy(() -> new TimeWindow(END, END.minusSeconds(1))).hasMessageContaining("before it starts");
        UUID id = UUID.randomUUID();
        assertThatThrownBy(() -> Evidence.create(
                        id,
                        EvidenceKind.MANUAL,
                        "component:x",
                        DecisionNumber.of(1),
                        "m",
                        null,
                        p,
                        null,
                        null,
                        null,
                        null,
                        id,
                        null,
                        END))
                .hasMessageContaining("cannot supersede itself");
    }
}
