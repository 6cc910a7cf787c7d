package dev.verdict.bench.workloads;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
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

/** HashMap-heavy work: 1,000 lookups by String key in a 10,000-entry map (a cache), and building a 10,000-entry map. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class HashMapBench {

    Map<String, Integer> map;
    String[] keys;
    String[] probes;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(19);
        keys = new String[10_000];
        map = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "customer-" + Long.toHexString(rnd.nextLong());
            map.put(keys[i], i);
        }
        probes = new String[1_000];
        for (int i = 0; i < probes.length; i++) {
            // 3 of 4 probes hit; new String instances so equals() really compares characters
            probes[i] = i % 4 == 3 ? "missing-" + i : new String(keys[rnd.nextInt(keys.length)].toCharArray());
        }
    }

    @Benchmark
    public long lookups() {
        long sum = 0;
        for (String p : probes) {
            Integer v = map.get(p);
            if (v != null) {
                sum += v;
            }
        }
        return sum;
    }

    @Benchmark
    public Map<String, Integer> build() {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            m.merge(keys[i], i, Integer::sum);
        }
        return m;
    }
}
