package dev.verdict.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class UnitsAndMonitorTest {

    @Test
    void directionComesFromTheUnitThenTheMode() {
        assertThat(Units.higherIsBetter("ops/s", "thrpt")).isTrue();
        assertThat(Units.higherIsBetter("us/op", "avgt")).isFalse();
        assertThat(Units.higherIsBetter("us/op", "sample")).isFalse();
        assertThat(Units.higherIsBetter("ops/ms", "avgt")).isTrue();
        assertThat(Units.higherIsBetter("widgets", "thrpt")).isTrue();
        assertThat(Units.higherIsBetter(null, "ss")).isFalse();
    }

    @Test
    void nanosPerOperation() {
        assertThat(Units.nanosPerOp(2.5, "us/op")).isCloseTo(2500, Offset.offset(1e-9));
        assertThat(Units.nanosPerOp(4, "ops/us")).isCloseTo(250, Offset.offset(1e-9));
        assertThat(Units.nanosPerOp(1000, "ops/s")).isCloseTo(1e6, Offset.offset(1e-6));
        assertThat(Units.nanosPerOp(3, "ms/op")).isCloseTo(3e6, Offset.offset(1e-6));
        assertThat(Units.nanosPerOp(3, "B/op")).isNull();
        assertThat(Units.nanosPerOp(0, "us/op")).isNull();
    }

    @Test
    void monitorCollectsFailuresAndTheLockRefusal() {
        ForkMonitor m = new ForkMonitor();
        for (String line : """
                # JMH version: 1.37
                # Benchmark: a.B.ok
                # Fork: 1 of 1
                Iteration   1: 1.0 us/op
                # Benchmark: a.B.bad
                # Parameters: (size = 10)
                # Fork: 1 of 1
                # Warmup Iteration   1: <failure>

                java.lang.IllegalStateException: boom
                \tat a.B.bad(B.java:12)
                """.split("\n")) {
            m.line(line);
        }
        assertThat(m.observations()).hasSize(2);
        assertThat(m.lockBusy()).isFalse();
        assertThat(m.failureText())
                .isEqualTo("a.B.bad (size = 10) failed: java.lang.IllegalStateException: boom"
                        + " | at a.B.bad(B.java:12)");

        ForkMonitor locked = new ForkMonitor();
        locked.line("ERROR: org.openjdk.jmh.runner.RunnerException: ERROR: Another JMH instance might be running."
                + " Unable to acquire the JMH lock (/tmp/jmh.lock), exiting.");
        assertThat(locked.lockBusy()).isTrue();
        assertThat(locked.failureText()).isNull();
    }
}
