package dev.verdict.stats.bench;

import dev.verdict.stats.bootstrap.Bootstrap;
import dev.verdict.stats.bootstrap.BootstrapResult;
import dev.verdict.stats.rank.MannWhitney;
import dev.verdict.stats.rank.MannWhitneyResult;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
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
 *
 * <p>The machine is shared, so wall time per operation is inflated by other processes. {@link CpuTime} adds
 * two secondary counters per iteration, the CPU time this benchmark thread used ({@code cpuNanos}) and the
 * operations it ran ({@code ops}); cpuNanos / ops is the cost on one core independent of the load.
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

    /** Thread CPU time spent in the benchmark method, summed per iteration, and the number of calls. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        public long cpuNanos;
        public long ops;
        private long start;

        @Setup(Level.Iteration)
        public void reset() {
            cpuNanos = 0;
            ops = 0;
        }

        @Setup(Level.Invocation)
        public void begin() {
            start = THREADS.getCurrentThreadCpuTime();
        }

        @org.openjdk.jmh.annotations.TearDown(Level.Invocation)
        public void end() {
            cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
            ops++;
        }
    }

    @Benchmark
    public MannWhitneyResult mannWhitneyHl2x1000(CpuTime cpu) {
        return MannWhitney.test(treatment1000[0], control1000[0]);
    }

    @Benchmark
    public void mannWhitneyHl100Metrics(Blackhole bh, CpuTime cpu) {
        for (int metric = 0; metric < 100; metric++) {
            bh.consume(MannWhitney.test(treatment1000[metric], control1000[metric]));
        }
    }

    @Benchmark
    public BootstrapResult bootstrapRatioOfMeansBca10k2x500(CpuTime cpu) {
        return Bootstrap.ratioOfMeans(treatment500, control500, Bootstrap.Options.defaults(42));
    }

    @Benchmark
    public BootstrapResult bootstrapRatioOfMediansBca10k2x500(CpuTime cpu) {
        return Bootstrap.ratioOfMedians(treatment500, control500, Bootstrap.Options.defaults(42));
    }
}
