package dev.verdict.deploy.deployment.model;

import java.time.Duration;

/**
 * One step of a canary, as Argo Rollouts' canary steps read: {@code setWeight}, {@code pause} (with a duration, or
 * until a manual promote) and {@code analysis}.
 */
public sealed interface Step {

    /** The share of traffic canary and baseline each get from now on; stable takes {@code 100 - 2 * percent}. */
    record SetWeight(int percent) implements Step {}

    /** Waits {@code duration}, or, when it is null, until someone promotes. */
    record Pause(Duration duration) implements Step {}

    /**
     * Judges canary against baseline {@code count} times, one window of {@code interval} each. With
     * {@code perInterval} every window is judged on its own; without it one judgement covers all windows, at the
     * end. The analysis fails when more than {@code failureLimit} judgements fail, and pauses when more than
     * {@code inconclusiveLimit} are marginal or inconclusive (Argo's failureLimit and inconclusiveLimit). The first
     * window opens {@code initialDelay} after the step begins (fresh instances warming up, Argo's initialDelay).
     */
    record Analysis(
            Duration interval,
            int count,
            boolean perInterval,
            int failureLimit,
            int inconclusiveLimit,
            Duration initialDelay)
            implements Step {

        /** How many judgements the step makes. */
        public int judgements() {
            return perInterval ? count : 1;
        }
    }
}
