package dev.verdict.bench.workloads.calibration;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A workload with a known answer, for checking the harness itself: it does {@code 1 + slowdown} times the work on
 * JDKs of feature version {@code verdict.planted.feature} (default 25) and the plain amount elsewhere, so a JDK 17
 * vs 25 comparison must call it worse by that much (10 % by default, {@code verdict.planted.slowdown}) and an A/A
 * comparison equivalent. The work is integer mixing on a small array: no allocation, no JDK library code, so the
 * JIT outcome hardly differs between JDKs. Excluded from the bundled suite's default run (the {@code calibration}
 * package is excluded unless {@code --exclude} says otherwise).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class PlantedSlowdownBench {

    static final int BASE_ROUNDS = 20_000;

    int rounds;
    long[] state;

    @Setup
    public void setup() {
        int target = Integer.getInteger("verdict.planted.feature", 25);
        double slowdown = Double.parseDouble(System.getProperty("verdict.planted.slowdown", "0.10"));
        rounds = rounds(Runtime.version().feature(), target, slowdown);
        state = new long[16];
        for (int i = 0; i < state.length; i++) {
            state[i] = 0x9E3779B97F4A7C15L * (i + 1);
        }
    }

    /** The work per operation on a JDK of {@code feature}: the base, or the base times 1 + slowdown on the target. */
    static int rounds(int feature, int target, double slowdown) {
        return feature == target ? (int) Math.round(BASE_ROUNDS * (1 + slowdown)) : BASE_ROUNDS;
    }

    @Benchmark
    public long mix() {
        return mix(state, rounds);
    }

    static long mix(long[] s, int rounds) {
        long acc = 0;
        for (int r = 0; r < rounds; r++) {
            int i = r & 15;
            long x = s[i] + acc;
            x ^= x >>> 31;
            x *= 0xBF58476D1CE4E5B9L;
            x ^= x >>> 29;
            s[i] = x;
            acc += x;
        }
        return acc;
    }
}
