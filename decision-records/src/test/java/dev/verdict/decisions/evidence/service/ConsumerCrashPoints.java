package dev.verdict.decisions.evidence.service;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/** Lets tests crash the evidence consumer once at a point of its batch (see {@code EvidenceConsumer.crashPoint}). */
public final class ConsumerCrashPoints {

    private ConsumerCrashPoints() {}

    /**
     * The next batch holding {@code event} throws at {@code phase} ("stored": inside the transaction after the writes;
     * "committed": after the commit, before the offsets are committed). Returns a flag set when it fired.
     */
    public static AtomicBoolean crashOnce(String phase, UUID event) {
        AtomicBoolean fired = new AtomicBoolean();
        EvidenceConsumer.crashPoint = (p, events) -> {
            if (p.equals(phase) && events.contains(event) && fired.compareAndSet(false, true)) {
                throw new IllegalStateException("simulated crash at " + phase);
            }
        };
        return fired;
    }

    public static void reset() {
        EvidenceConsumer.crashPoint = (p, events) -> {};
    }
}
