package dev.verdict.plugin.process.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.plugin.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RouterRecordsTest {

    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void closedIntervalsAreKeptCompressedAndReadBackExactly() {
        MovingClock clock = new MovingClock();
        RouterRecords r = new RouterRecords(Duration.ofSeconds(10), 100, clock);
        Random random = new Random(7);
        long[][] recorded = new long[6][];
        for (int i = 0; i < 6; i++) {
            clock.now = T0.plusSeconds(10L * i + 1);
            recorded[i] = new long[500];
            for (int k = 0; k < 500; k++) {
                recorded[i][k] = 1_000 + random.nextInt(200_000);
                r.record(Scope.STABLE, k % 50 == 0 ? 503 : 200, recorded[i][k]);
            }
        }
        // intervals 0-3 are two or more back from the current one (5): compressed; 4 and 5 still take requests
        assertThat(r.compactedIntervals(Scope.STABLE)).isEqualTo(4);
        List<IntervalRecord> window = r.window(Scope.STABLE, T0, T0.plusSeconds(60));
        assertThat(window).hasSize(6);
        for (int i = 0; i < 6; i++) {
            IntervalRecord w = window.get(i);
            assertThat(w.requests()).isEqualTo(500);
            assertThat(w.latencyMicros().getTotalCount()).isEqualTo(500);
            long max = java.util.Arrays.stream(recorded[i]).max().orElseThrow();
            assertThat(w.latencyMicros().getMaxValue())
                    .isEqualTo(w.latencyMicros().highestEquivalentValue(max));
            long[] sorted = recorded[i].clone();
            java.util.Arrays.sort(sorted);
            // p99 within the histogram's 3 significant digits of the recorded value
            assertThat((double) w.latencyMicros().getValueAtPercentile(99))
                    .isCloseTo(sorted[494], org.assertj.core.data.Percentage.withPercentage(0.2));
        }
        // a request that ends in a compacted interval (a late one) still counts there
        IntervalRecord before = window.get(0);
        RouterRecords late = new RouterRecords(Duration.ofSeconds(10), 100, clock);
        clock.now = T0.plusSeconds(1);
        late.record(Scope.CANARY, 200, 5_000);
        clock.now = T0.plusSeconds(21);
        late.record(Scope.CANARY, 200, 6_000); // compacts interval 0
        assertThat(late.compactedIntervals(Scope.CANARY)).isEqualTo(1);
        clock.now = T0.plusSeconds(2);
        late.record(Scope.CANARY, 200, 7_000);
        IntervalRecord first = late.window(Scope.CANARY, T0, T0.plusSeconds(10)).get(0);
        assertThat(first.requests()).isEqualTo(2);
        assertThat(first.latencyMicros().getTotalCount()).isEqualTo(2);
        assertThat(before.requests()).isEqualTo(500);
    }
}
