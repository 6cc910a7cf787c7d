package dev.verdict.stats.bench;

import dev.verdict.stats.bootstrap.Bootstrap;
import dev.verdict.stats.bootstrap.BootstrapResult;
import dev.verdict.stats.rank.MannWhitney;
import dev.verdict.stats.rank.MannWhitneyResult;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The performance goals of the statistics core (issue 3), measured as average time per operation:
 * Mann-Whitney + HL CI on 2 x 1,000 (goal 2 ms), 100 such metrics (goal 200 ms on one core), bootstrap with
 * 10,000 resamples of 2 x 500 (goal 200 ms). Data: seeded log-normal latencies, either continuous or rounded to
 * whole milliseconds (heavy ties), like canary metrics.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class StatsBenchmarks {

    @Param({"continuous", "rounded"})
    public String data;

    private double[][] treatment1000;
    private double[][] control1000;
    private double[] treatment500;
    private double[] control500;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(20240607L);
        boolean round = "rounded".equals(data);
        treatment1000 = new double[100][];
        control1000 = new double[100][];
        for (int metric = 0; metric < 100; metric++) {
            treatment1000[metric] = latencies(random, 1000, 0.03, round);
            control1000[metric] = latencies(random, 1000, 0.0, round);
        }
        treatment500 = latencies(random, 500, 0.03, round);
        control500 = latencies(random, 500, 0.0, round);
    }

    private static double[] latencies(Random random, int n, double shift, boolean round) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double ms = Math.exp(Math.log(50) + shift + 0.4 * random.nextGaussian());
            v[i] = round ? Math.rint(ms) : ms;
        }
        return v;
    }

    @Benchmark
    public MannWhitneyResult mannWhitneyHl2x1000() {
        return MannWhitney.test(treatment1000[0], control1000[0]);
    }

    @Benchmark
    public void mannWhitneyHl100Metrics(Blackhole bh) {
        for (int metric = 0; metric < 100; metric++) {
            bh.consume(MannWhitney.test(treatment1000[metric], control1000[metric]));
        }
    }

    @Benchmark
    public BootstrapResult bootstrapRatioOfMeansBca10k2x500() {
        return Bootstrap.ratioOfMeans(treatment500, control500, Bootstrap.Options.defaults(42));
    }

    @Benchmark
    public BootstrapResult bootstrapRatioOfMediansBca10k2x500() {
        return Bootstrap.ratioOfMedians(treatment500, control500, Bootstrap.Options.defaults(42));
    }
}
