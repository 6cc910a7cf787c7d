package dev.verdict.bench.workloads.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The planted workload's known answer: 10 % more work on the target JDK only, and the work is really done. */
class PlantedSlowdownBenchTest {

    @Test
    void theTargetFeatureDoesTenPercentMoreRounds() {
        assertThat(PlantedSlowdownBench.rounds(25, 25, 0.10)).isEqualTo(22_000);
        assertThat(PlantedSlowdownBench.rounds(17, 25, 0.10)).isEqualTo(PlantedSlowdownBench.BASE_ROUNDS);
        assertThat(PlantedSlowdownBench.rounds(17, 17, 0.25)).isEqualTo(25_000);
    }

    @Test
    void theWorkDependsOnEveryRound() {
        PlantedSlowdownBench b = new PlantedSlowdownBench();
        b.setup();
        long[] a = b.state.clone();
        long[] c = b.state.clone();
        assertThat(PlantedSlowdownBench.mix(a, 20_000)).isNotEqualTo(PlantedSlowdownBench.mix(c, 20_001));
        assertThat(b.mix()).isNotZero();
    }
}
