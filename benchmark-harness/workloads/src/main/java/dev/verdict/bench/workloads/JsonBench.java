package dev.verdict.bench.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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

/** Jackson data binding both ways and tree parsing of a 25-line order (~3 KB of JSON): a REST service's daily bread. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class JsonBench {

    ObjectMapper mapper;
    Data.Order order;
    byte[] json;

    @Setup
    public void setup() throws IOException {
        mapper = new ObjectMapper();
        order = Data.order(new SplittableRandom(7), 25);
        json = mapper.writeValueAsBytes(order);
    }

    @Benchmark
    public byte[] serialize() throws IOException {
        return mapper.writeValueAsBytes(order);
    }

    @Benchmark
    public Data.Order deserialize() throws IOException {
        return mapper.readValue(json, Data.Order.class);
    }

    @Benchmark
    public JsonNode readTree() throws IOException {
        return mapper.readTree(json);
    }
}
