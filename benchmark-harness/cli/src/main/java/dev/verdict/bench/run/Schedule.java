package dev.verdict.bench.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The order of the forks: for each benchmark, rounds over the JDKs whose direction alternates (A B, B A, A B, ...
 * i.e. A B B A A B B A for two JDKs), so a linear drift of the machine (thermal, other tenants' load) adds the
 * same amount to both JDKs in every pair of rounds. Benchmarks run one after another, each alternation complete
 * before the next starts, so a load spike hits one benchmark's forks of both JDKs rather than one JDK's suite.
 */
public final class Schedule {

    /** One fork to run: the {@code forkIndex}-th (1-based) fork of {@code benchmark} on JDK {@code jdkIndex}. */
    public record Slot(int sequence, String benchmark, int jdkIndex, int forkIndex) {}

    private Schedule() {}

    public static List<Slot> alternating(List<String> benchmarks, int jdkCount, int forksPerJdk) {
        if (jdkCount < 1 || forksPerJdk < 1) {
            throw new IllegalArgumentException("need at least one JDK and one fork");
        }
        List<Slot> slots = new ArrayList<>();
        int seq = 1;
        for (String b : benchmarks) {
            for (int round = 0; round < forksPerJdk; round++) {
                List<Integer> order = new ArrayList<>();
                for (int j = 0; j < jdkCount; j++) {
                    order.add(j);
                }
                if (round % 2 == 1) {
                    Collections.reverse(order);
                }
                for (int j : order) {
                    slots.add(new Slot(seq++, b, j, round + 1));
                }
            }
        }
        return List.copyOf(slots);
    }
}
