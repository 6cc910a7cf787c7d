package dev.verdict.bench.workloads;

import java.util.List;
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

/** Building text: CSV export with a StringBuilder, '+' concatenation (indy string concat), and String.format. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class StringBench {

    List<Data.Order> orders;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(13);
        orders = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            orders.add(Data.order(rnd, 5));
        }
    }

    @Benchmark
    public String csvWithStringBuilder() {
        StringBuilder sb = new StringBuilder(4096);
        for (Data.Order o : orders) {
            for (Data.Line l : o.lines) {
                sb.append(o.id)
                        .append(',')
                        .append(o.customer)
                        .append(',')
                        .append(o.region)
                        .append(',')
                        .append(l.sku)
                        .append(',')
                        .append(l.quantity)
                        .append(',')
                        .append(l.unitPrice)
                        .append(',')
                        .append(o.express)
                        .append('\n');
            }
        }
        return sb.toString();
    }

    @Benchmark
    public int concatenation() {
        int length = 0;
        for (Data.Order o : orders) {
            for (Data.Line l : o.lines) {
                String key = o.region + ":" + l.sku + ":" + l.quantity + ":" + o.createdAtEpochMillis;
                length += key.length();
            }
        }
        return length;
    }

    @Benchmark
    public int format() {
        int length = 0;
        for (Data.Order o : orders) {
            length += String.format(
                            "%s %-10s %8.2f %s",
                            o.id, o.region, o.lines.get(0).unitPrice, o.express ? "express" : "standard")
                    .length();
        }
        return length;
    }
}
