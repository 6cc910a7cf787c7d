package dev.verdict.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static String order(List<Schedule.Slot> slots, String benchmark) {
        return slots.stream()
                .filter(s -> s.benchmark().equals(benchmark))
                .map(s -> String.valueOf((char) ('A' + s.jdkIndex())))
                .collect(Collectors.joining());
    }

    @Test
    void twoJdksAlternateABBAWithinEachBenchmark() {
        List<Schedule.Slot> slots = Schedule.alternating(List.of("x", "y"), 2, 4);
        assertThat(order(slots, "x")).isEqualTo("ABBAABBA");
        assertThat(order(slots, "y")).isEqualTo("ABBAABBA");
        // benchmarks do not interleave: all of x, then all of y
        assertThat(slots.subList(0, 8)).allMatch(s -> s.benchmark().equals("x"));
        assertThat(slots)
                .extracting(Schedule.Slot::sequence)
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.rangeClosed(1, 16).boxed().toList());
    }

    @Test
    void everyJdkGetsItsForksNumberedOneToN() {
        List<Schedule.Slot> slots = Schedule.alternating(List.of("x"), 3, 5);
        assertThat(order(slots, "x")).isEqualTo("ABCCBAABCCBAABC");
        for (int j = 0; j < 3; j++) {
            int jdk = j;
            assertThat(slots.stream().filter(s -> s.jdkIndex() == jdk).map(Schedule.Slot::forkIndex))
                    .containsExactly(1, 2, 3, 4, 5);
        }
    }

    @Test
    void withAnEvenForkCountALinearDriftHitsBothJdksEqually() {
        // drift = position in the schedule; ABBA gives both JDKs the same mean position
        List<Schedule.Slot> slots = Schedule.alternating(List.of("x"), 2, 6);
        double a = slots.stream()
                .filter(s -> s.jdkIndex() == 0)
                .mapToInt(Schedule.Slot::sequence)
                .average()
                .orElseThrow();
        double b = slots.stream()
                .filter(s -> s.jdkIndex() == 1)
                .mapToInt(Schedule.Slot::sequence)
                .average()
                .orElseThrow();
        assertThat(a).isEqualTo(b);
        // a naive A..A B..B order would differ by the half schedule
        assertThat(order(slots, "x")).isNotEqualTo("AAAAAABBBBBB");
    }

    @Test
    void oneJdkAndInvalidCounts() {
        assertThat(order(Schedule.alternating(List.of("x"), 1, 3), "x")).isEqualTo("AAA");
        assertThatThrownBy(() -> Schedule.alternating(List.of("x"), 2, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
