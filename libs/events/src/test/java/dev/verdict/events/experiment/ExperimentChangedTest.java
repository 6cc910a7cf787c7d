package dev.verdict.events.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.events.EventCodec;
import dev.verdict.events.VerdictEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sticky bucket versions of ADR-0006 travel with the definition, and an event written before them still reads. */
class ExperimentChangedTest {

    final EventCodec codec = EventCodec.platform();

    static ExperimentChanged phase(int phase, Integer bucketVersion, Integer minBucketVersion) {
        return new ExperimentChanged(
                "new-checkout",
                "component:default/shop-web",
                null,
                "running",
                phase,
                "2026-12-02T10:00:00Z",
                "seed-" + phase,
                "id",
                2,
                List.of("control", "treatment"),
                List.of(0.5, 0.5),
                1.0,
                null,
                null,
                Map.of(),
                List.of("order-value"),
                "abc",
                "user:engineer",
                bucketVersion,
                minBucketVersion);
    }

    @Test
    void theBucketVersionsRoundTrip() {
        VerdictEvent<ExperimentChanged> e = VerdictEvent.create(
                ExperimentEvents.EXPERIMENT_CHANGED,
                "deploy-orchestrator",
                "component:default/shop-web",
                phase(3, 1, 1));
        ExperimentChanged back =
                (ExperimentChanged) codec.decode(codec.encode(e)).data();
        assertThat(back).isEqualTo(e.data());
        assertThat(back.stickyBucketVersion()).isEqualTo(1); // phase 3 kept phase 2's units: not phase - 1
        assertThat(back.stickyMinBucketVersion()).isEqualTo(1);
    }

    @Test
    void anEventWithoutThemReadsAsEveryPhaseReRandomised() throws Exception {
        VerdictEvent<ExperimentChanged> e = VerdictEvent.create(
                ExperimentEvents.EXPERIMENT_CHANGED,
                "deploy-orchestrator",
                "component:default/shop-web",
                phase(3, null, null));
        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = (ObjectNode) json.readTree(codec.encode(e));
        ObjectNode data = (ObjectNode) tree.get("data");
        data.remove("bucketVersion");
        data.remove("minBucketVersion");
        assertThat(data.has("stickyBucketVersion")).isFalse(); // derived, not on the wire
        ExperimentChanged old =
                (ExperimentChanged) codec.decode(json.writeValueAsBytes(tree)).data();
        assertThat(old.bucketVersion()).isNull();
        assertThat(old.stickyBucketVersion()).isEqualTo(2);
        assertThat(old.stickyMinBucketVersion()).isZero();
    }

    @Test
    void theFallbackAttributeRoundTripsAndAnOlderEventHasNone() throws Exception {
        ExperimentChanged p = phase(1, 0, 0);
        ExperimentChanged withFallback = new ExperimentChanged(
                p.key(),
                p.component(),
                p.decision(),
                p.status(),
                p.phase(),
                p.phaseStarted(),
                p.seed(),
                p.hashAttribute(),
                p.hashVersion(),
                p.variations(),
                p.weights(),
                p.coverage(),
                p.namespace(),
                p.condition(),
                p.forced(),
                p.metrics(),
                p.definitionHash(),
                p.actor(),
                0,
                0,
                "deviceId");
        VerdictEvent<ExperimentChanged> e = VerdictEvent.create(
                ExperimentEvents.EXPERIMENT_CHANGED, "deploy-orchestrator", p.component(), withFallback);
        ExperimentChanged back =
                (ExperimentChanged) codec.decode(codec.encode(e)).data();
        assertThat(back.fallbackAttribute()).isEqualTo("deviceId");

        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = (ObjectNode) json.readTree(codec.encode(e));
        ((ObjectNode) tree.get("data")).remove("fallbackAttribute");
        ExperimentChanged old =
                (ExperimentChanged) codec.decode(json.writeValueAsBytes(tree)).data();
        assertThat(old.fallbackAttribute()).isNull();
        assertThat(old.bucketVersion()).isZero();
    }
}
