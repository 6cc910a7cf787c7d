package dev.verdict.bench.workloads;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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

/** Streams and collections over 2,000 order lines: a grouping report and a multi-key sort. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class CollectionsBench {

    /** A flattened order line, the shape a reporting endpoint works on. */
    public record Row(String region, String sku, int quantity, double amount, long createdAt) {}

    List<Row> rows;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(17);
        rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Data.Order o = Data.order(rnd, 10);
            for (Data.Line l : o.lines) {
                rows.add(new Row(o.region, l.sku, l.quantity, l.quantity * l.unitPrice, o.createdAtEpochMillis));
            }
        }
    }

    /** Revenue per region and SKU of the lines with quantity above 3. */
    @Benchmark
    public Map<String, Map<String, Double>> streamGroupingBy() {
        return rows.stream()
                .filter(r -> r.quantity() > 3)
                .collect(Collectors.groupingBy(
                        Row::region, Collectors.groupingBy(Row::sku, Collectors.summingDouble(Row::amount))));
    }

    @Benchmark
    public List<Row> sortByRegionThenAmount() {
        List<Row> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(Row::region)
                .thenComparing(Row::amount, Comparator.reverseOrder())
                .thenComparingLong(Row::createdAt));
        return copy;
    }
}
