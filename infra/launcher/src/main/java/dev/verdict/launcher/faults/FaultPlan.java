package dev.verdict.launcher.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which component fails when, from a seed alone, so that a failing run can be repeated exactly. Every target fails
 * once (in a shuffled order) before any fails twice; PostgreSQL is stopped (SIGTERM: the database goes away and comes
 * back, as in a failover), every other target is killed with SIGKILL (no shutdown hook, no flush, no goodbye to the
 * broker or the consumer group).
 *
 * @param seed   the seed the plan came from
 * @param faults in the order they happen; one at a time, each after the previous one's recovery
 */
public record FaultPlan(long seed, List<Fault> faults) {

    public enum Kind {
        /** SIGKILL of the process (for Kafka: the broker JVM). */
        KILL,
        /** SIGTERM: the component's own clean shutdown; used for PostgreSQL. */
        STOP
    }

    /**
     * @param after how long the platform runs normally before this fault (counted from the previous recovery)
     * @param down  how long the component stays down before the run starts it again
     */
    public record Fault(int index, String target, Kind kind, Duration after, Duration down) {}

    public static final String POSTGRES = "postgres";

    /**
     * @param targets the component names that may fail (e.g. the services of the stack, "kafka", "postgres")
     * @param count   how many faults; fewer than the targets leaves the last targets of the shuffle out
     * @param meanGap the mean time between a recovery and the next fault; each gap is uniform in [0.5, 1.5] of it
     */
    public static FaultPlan of(long seed, List<String> targets, int count, Duration meanGap) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no targets to fail");
        }
        if (count < 0) {
            throw new IllegalArgumentException("the number of faults must be >= 0, got " + count);
        }
        Random r = new Random(seed);
        List<String> order = new ArrayList<>(targets);
        Collections.shuffle(order, r);
        while (order.size() < count) {
            order.add(targets.get(r.nextInt(targets.size())));
        }
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String target = order.get(i);
            Duration after = Duration.ofMillis(Math.round(meanGap.toMillis() * (0.5 + r.nextDouble())));
            // long enough for clients to notice (timeouts, rebalances), short enough to keep the run short
            Duration down = Duration.ofMillis(1000 + r.nextInt(7000));
            faults.add(new Fault(i + 1, target, target.equals(POSTGRES) ? Kind.STOP : Kind.KILL, after, down));
        }
        return new FaultPlan(seed, List.copyOf(faults));
    }
}
