package dev.verdict.bench.workloads;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Thread hand-off, the cost of moving work between threads: 100 round trips through a SynchronousQueue to an echo
 * thread, and 100 tasks submitted to a 2-thread pool and joined (CompletableFuture), as request handlers do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class HandOffBench {

    static final int MESSAGES = 100;

    SynchronousQueue<Integer> requests;
    SynchronousQueue<Integer> replies;
    Thread echo;
    ExecutorService pool;

    @Setup
    public void setup() {
        requests = new SynchronousQueue<>();
        replies = new SynchronousQueue<>();
        echo = new Thread(
                () -> {
                    try {
                        while (true) {
                            replies.put(requests.take() + 1);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "echo");
        echo.setDaemon(true);
        echo.start();
        pool = Executors.newFixedThreadPool(2);
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        echo.interrupt();
        echo.join(5_000);
        pool.shutdownNow();
    }

    @Benchmark
    public long synchronousQueuePingPong() throws InterruptedException {
        long sum = 0;
        for (int i = 0; i < MESSAGES; i++) {
            requests.put(i);
            sum += replies.take();
        }
        return sum;
    }

    @Benchmark
    public long executorFanOut() {
        @SuppressWarnings("unchecked")
        CompletableFuture<Integer>[] futures = new CompletableFuture[MESSAGES];
        for (int i = 0; i < MESSAGES; i++) {
            int n = i;
            futures[i] = CompletableFuture.supplyAsync(() -> n * 31 + 7, pool);
        }
        long sum = 0;
        for (CompletableFuture<Integer> f : futures) {
            sum += f.join();
        }
        return sum;
    }
}
