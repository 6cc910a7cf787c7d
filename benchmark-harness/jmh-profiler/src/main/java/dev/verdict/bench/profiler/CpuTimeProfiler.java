package dev.verdict.bench.profiler;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * JMH reports time per operation but not the CPU it costs. This profiler runs inside the benchmark JVM and, per
 * iteration, reads the process CPU time (user + system, all threads: benchmark, JIT compiler, GC) before and after
 * it, and reports as secondary metrics:
 * <ul>
 *   <li>{@code cpu.time.norm} (ns/op): CPU time of the iteration / operations JMH counted in it, the same
 *       normalisation {@code -prof gc} uses for {@code gc.alloc.rate.norm};</li>
 *   <li>{@code cpu.util} (cpus): CPU time / wall time of the iteration;</li>
 *   <li>{@code rss.peak} (KiB): the JVM's peak resident set size so far ({@code VmHWM}, Linux only).</li>
 * </ul>
 * JMH keeps only the measurement iterations' values. Use with {@code -prof dev.verdict.bench.profiler.CpuTimeProfiler}.
 */
public class CpuTimeProfiler implements InternalProfiler {

    private long cpuStart = -1;
    private long wallStart;

    @Override
    public String getDescription() {
        return "process CPU time per operation and peak RSS (Verdict benchmark-harness)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuStart = processCpuNanos();
        wallStart = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long cpuEnd = processCpuNanos();
        long wall = System.nanoTime() - wallStart;
        List<Result> out = new ArrayList<>();
        if (cpuStart >= 0 && cpuEnd >= 0) {
            long cpu = cpuEnd - cpuStart;
            long ops = result.getMetadata() == null ? 0 : result.getMetadata().getAllOps();
            if (ops > 0) {
                out.add(new ScalarResult("cpu.time.norm", (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
            }
            if (wall > 0) {
                out.add(new ScalarResult("cpu.util", (double) cpu / wall, "cpus", AggregationPolicy.AVG));
            }
        }
        long rss = peakRssKb();
        if (rss > 0) {
            out.add(new ScalarResult("rss.peak", rss, "KiB", AggregationPolicy.MAX));
        }
        return out;
    }

    static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
