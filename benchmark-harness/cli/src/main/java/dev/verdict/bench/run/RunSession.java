package dev.verdict.bench.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A run plus what follows it (comparison and reports), with the Ctrl-C path: the shutdown hook cancels the runner
 * (killing the JMH processes) and then waits until the run has written its partial {@code run.json} and the
 * reports marked incomplete, because the JVM exits as soon as its shutdown hooks return.
 */
public final class RunSession {

    private static final long HOOK_WAIT_SECONDS = 60;

    private final Runner runner;
    private final Consumer<RunRecord> afterRun;
    private final CountDownLatch done = new CountDownLatch(1);

    public RunSession(Runner runner, Consumer<RunRecord> afterRun) {
        this.runner = runner;
        this.afterRun = afterRun;
    }

    public RunRecord execute() {
        try {
            RunRecord record = runner.run();
            afterRun.accept(record);
            return record;
        } finally {
            done.countDown();
        }
    }

    /** The shutdown hook's body (SIGINT / SIGTERM): cancel, then wait for the partial results to be written. */
    public void interrupt(String reason) {
        if (done.getCount() == 0) {
            return;
        }
        runner.cancel(reason);
        try {
            done.await(HOOK_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Runner runner() {
        return runner;
    }
}
