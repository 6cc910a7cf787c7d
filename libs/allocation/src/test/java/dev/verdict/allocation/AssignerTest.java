package dev.verdict.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every way into and out of an experiment, with the reason the REST endpoint and the SDK both give. */
class AssignerTest {

    static Experiment experiment(double coverage, Map<String, ?> condition, boolean active) {
        return new Experiment(
                "checkout",
                List.of("control", "treatment"),
                new double[] {0.5, 0.5},
                coverage,
                null,
                condition,
                null,
                null,
                null,
                "id",
                2,
                "checkout",
                active);
    }

    @Test
    void eachOutcomeHasItsReason() {
        Experiment running = experiment(1, null, true);
        Assigner.Outcome hashed = Assigner.assign(running, Map.of(), Map.of("id", "u-1"));
        assertThat(hashed.inExperiment()).isTrue();
        assertThat(hashed.reason()).isEqualTo("hashed");
        assertThat(hashed.variation())
                .isEqualTo(Allocator.run(running, Allocator.Context.of(Map.of("id", "u-1")))
                        .variation());

        int other = 1 - hashed.variation();
        Assigner.Outcome forced = Assigner.assign(running, Map.of("u-1", other), Map.of("id", "u-1"));
        assertThat(forced).isEqualTo(new Assigner.Outcome(other, false, "forced"));

        assertThat(Assigner.assign(experiment(1, null, false), Map.of(), Map.of("id", "u-1")))
                .isEqualTo(new Assigner.Outcome(0, false, "not running"));
        assertThat(Assigner.assign(running, Map.of(), Map.of("deviceId", "d")))
                .isEqualTo(new Assigner.Outcome(0, false, "no id attribute"));
        assertThat(Assigner.assign(experiment(1, Map.of("country", "NL"), true), Map.of(), Map.of("id", "u-1")))
                .isEqualTo(new Assigner.Outcome(0, false, "not included (coverage, namespace or targeting)"));
    }
}
