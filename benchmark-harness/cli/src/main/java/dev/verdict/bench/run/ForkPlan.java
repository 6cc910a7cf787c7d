package dev.verdict.bench.run;

import java.util.List;

/**
 * Which forks a {@link Runner} runs: all of a fixed {@link Schedule} at once ({@link #fixed}), or batch by batch
 * as the results come in ({@link SequentialPlan}).
 */
public interface ForkPlan {

    /** The first batch for the listed benchmarks. */
    List<Schedule.Slot> first(List<String> benchmarks);

    /** The next batch, given the run so far; empty when the run is done. */
    List<Schedule.Slot> next(RunRecord soFar);

    /** Whether a fork expected to take {@code expectedMillis} may still start {@code elapsedMillis} into the run. */
    default boolean admits(long elapsedMillis, long expectedMillis) {
        return true;
    }

    /** The run stopped before the plan ran out (budget, Ctrl-C): note the state and the reason. */
    default void stopped(RunRecord soFar, String reason) {}

    /** Forks planned so far (grows for a sequential plan). */
    int planned();

    /** The sequential run's progress for run.json; null for a fixed plan. */
    default RunRecord.SequentialProgress progress() {
        return null;
    }

    /** Every benchmark {@code forksPerJdk} times on each of {@code jdkCount} JDKs, alternating. */
    static ForkPlan fixed(int jdkCount, int forksPerJdk) {
        return new ForkPlan() {
            private int planned;

            @Override
            public List<Schedule.Slot> first(List<String> benchmarks) {
                List<Schedule.Slot> slots = Schedule.alternating(benchmarks, jdkCount, forksPerJdk);
                planned = slots.size();
                return slots;
            }

            @Override
            public List<Schedule.Slot> next(RunRecord soFar) {
                return List.of();
            }

            @Override
            public int planned() {
                return planned;
            }
        };
    }
}
