package dev.verdict.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

    static final List<String> TARGETS =
            List.of("catalog-service", "deploy-orchestrator", "decision-records", "ui", "kafka", "postgres");

    @Test
    void theSameSeedGivesTheSamePlanAndAnotherSeedAnotherOne() {
        FaultPlan a = FaultPlan.of(7, TARGETS, 9, Duration.ofSeconds(20));
        assertThat(FaultPlan.of(7, TARGETS, 9, Duration.ofSeconds(20))).isEqualTo(a);
        assertThat(FaultPlan.of(8, TARGETS, 9, Duration.ofSeconds(20)).faults()).isNotEqualTo(a.faults());
    }

    @Test
    void everyTargetFailsOnceBeforeAnyFailsTwiceAndOnlyPostgresIsStoppedRatherThanKilled() {
        for (long seed = 0; seed < 50; seed++) {
            FaultPlan p = FaultPlan.of(seed, TARGETS, 9, Duration.ofSeconds(20));
            assertThat(p.faults().subList(0, TARGETS.size()))
                    .extracting(FaultPlan.Fault::target)
                    .containsExactlyInAnyOrderElementsOf(TARGETS);
            for (FaultPlan.Fault f : p.faults()) {
                assertThat(f.kind())
                        .isEqualTo(f.target().equals("postgres") ? FaultPlan.Kind.STOP : FaultPlan.Kind.KILL);
                assertThat(f.after()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(30));
                assertThat(f.down()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(8));
            }
            assertThat(p.faults()).extracting(FaultPlan.Fault::index).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        }
    }

    @Test
    void aPlanNeedsTargetsAndACountOfAtLeastZero() {
        assertThatThrownBy(() -> FaultPlan.of(1, List.of(), 3, Duration.ofSeconds(1)))
                .hasMessageContaining("no targets");
        assertThatThrownBy(() -> FaultPlan.of(1, TARGETS, -1, Duration.ofSeconds(1)))
                .hasMessageContaining(">= 0");
        assertThat(FaultPlan.of(1, TARGETS, 0, Duration.ofSeconds(1)).faults()).isEmpty();
    }
}
