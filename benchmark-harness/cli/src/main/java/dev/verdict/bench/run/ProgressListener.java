package dev.verdict.bench.run;

/** Callbacks of a {@link Runner}, for the terminal progress bar (and tests). */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {};

    /** The schedule is known: {@code total} forks, each expected to take about {@code expectedMillisPerFork}. */
    default void planned(int total, long expectedMillisPerFork) {}

    default void forkStarted(Schedule.Slot slot, String jdkLabel, int done, int total) {}

    default void forkFinished(RunRecord.ForkRecord fork, int done, int total) {}

    /** Something the user should know now (waiting for the JMH lock, a benchmark failed on a JDK...). */
    default void message(String text) {}

    default void finished(RunRecord run) {}
}
