package dev.verdict.bench.workloads;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Allocation-heavy object graphs that keep the GC busy: a binary tree of 2^14 nodes built and walked (short-lived,
 * pointer-rich), and a DTO mapping step that turns 1,000 entities into maps and lists (the garbage a REST layer makes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class AllocationBench {

    static final class Node {
        final Node left;
        final Node right;
        final int value;

        Node(Node left, Node right, int value) {
            this.left = left;
            this.right = right;
            this.value = value;
        }
    }

    int depth;

    @Setup
    public void setup() {
        depth = 14;
    }

    static Node tree(int depth, int value) {
        return depth == 0
                ? new Node(null, null, value)
                : new Node(tree(depth - 1, 2 * value), tree(depth - 1, 2 * value + 1), value);
    }

    static long checksum(Node n) {
        return n == null ? 0 : n.value + checksum(n.left) - checksum(n.right);
    }

    @Benchmark
    public long binaryTrees() {
        return checksum(tree(depth, 1));
    }

    @Benchmark
    public List<Map<String, Object>> dtoMapping() {
        List<Map<String, Object>> out = new ArrayList<>(1_000);
        for (int i = 0; i < 1_000; i++) {
            Map<String, Object> dto = new HashMap<>(8);
            dto.put("id", "entity-" + i);
            dto.put("version", (long) i);
            dto.put("tags", List.of("a" + (i % 7), "b" + (i % 11)));
            dto.put("score", i * 0.5);
            out.add(dto);
        }
        return out;
    }
}
