package dev.verdict.plugin.process.bench;

import dev.verdict.plugin.Scope;
import dev.verdict.plugin.process.router.RouterRecords;
import dev.verdict.plugin.process.router.Routes;
import dev.verdict.plugin.process.router.WeightedRouter;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Issue #12's router goals, each against going direct to the same instance in the same run, alternating direct /
 * router / direct / router: the p99 latency the router adds at 1,000 requests/s open loop (latency from each
 * request's intended send time, so a stall counts for every request it delays; goal ≤ 1 ms) and the closed-loop
 * maximum throughput (goal ≥ 60 % of direct). Clients are keep-alive HTTP/1.1 sockets with a minimal hand-written
 * client, one thread each, so the generator costs little next to the router on a 2-core machine.
 *
 * <p>Not part of the suite (the name does not end in Test): {@code ./mvnw -B -pl plugins/target-process -am verify
 * -Dtest=RouterBench -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dbench.seconds=10}). Writes
 * {@code target/bench/router.txt}.
 */
class RouterBench {

    static final byte[] BODY = "{\"status\":\"UP\",\"payments\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);

    @org.junit.jupiter.api.Test
    void measure() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 10);
        Vertx backendVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpServer backend = backendVertx
                .createHttpServer()
                .requestHandler(r -> r.response()
                        .putHeader("content-type", "application/json")
                        .end(io.vertx.core.buffer.Buffer.buffer(BODY)))
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        InetSocketAddress direct = new InetSocketAddress("127.0.0.1", backend.actualPort());
        List<String> out = new ArrayList<>();
        out.add(String.format(
                Locale.ROOT,
                "# router bench, %s, %d cores, JDK %s, %d s per run",
                java.time.Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                seconds));
        try (WeightedRouter router = WeightedRouter.start(
                "127.0.0.1", 0, new RouterRecords(Duration.ofSeconds(10), 100, Clock.systemUTC()))) {
            router.route(Routes.only(Scope.STABLE, List.of(direct)));
            InetSocketAddress routed = new InetSocketAddress("127.0.0.1", router.port());
            // warm-up of both paths at the measured rate, long enough for the JIT to settle
            openLoop(direct, 1000, 10, 8);
            openLoop(routed, 1000, 10, 8);
            for (int round = 1; round <= 2; round++) {
                for (String side : List.of("direct", "router")) {
                    InetSocketAddress to = side.equals("direct") ? direct : routed;
                    Histogram h = openLoop(to, 1000, seconds, 8);
                    out.add(String.format(
                            Locale.ROOT,
                            "open-loop 1000/s %s #%d: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms, n %d",
                            side,
                            round,
                            h.getValueAtPercentile(50) / 1000.0,
                            h.getValueAtPercentile(90) / 1000.0,
                            h.getValueAtPercentile(99) / 1000.0,
                            h.getMaxValue() / 1000.0,
                            h.getTotalCount()));
                }
            }
            for (int round = 1; round <= 2; round++) {
                for (String side : List.of("direct", "router")) {
                    InetSocketAddress to = side.equals("direct") ? direct : routed;
                    double rps = closedLoop(to, seconds, 16);
                    out.add(String.format(
                            Locale.ROOT, "closed-loop 16 connections %s #%d: %.0f req/s", side, round, rps));
                }
            }
        } finally {
            backendVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        Path file = Path.of("target/bench/router.txt");
        Files.createDirectories(file.getParent());
        Files.write(file, out);
        out.forEach(System.out::println);
    }

    /** Latency in microseconds from each request's intended send time, {@code rate} per second over the threads. */
    static Histogram openLoop(InetSocketAddress to, int rate, int seconds, int threads) throws Exception {
        Histogram all = new Histogram(60_000_000L, 3);
        long start = System.nanoTime() + 50_000_000L;
        long intervalNanos = 1_000_000_000L * threads / rate;
        long end = start + seconds * 1_000_000_000L;
        List<Thread> ts = new ArrayList<>();
        List<Histogram> hs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Histogram h = new Histogram(60_000_000L, 3);
            hs.add(h);
            long offset = intervalNanos * t / threads;
            ts.add(daemon(() -> {
                try (Client c = new Client(to)) {
                    for (long due = start + offset; due < end; due += intervalNanos) {
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        c.get();
                        h.recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        ts.forEach(Thread::start);
        for (Thread t : ts) {
            t.join();
        }
        hs.forEach(all::add);
        return all;
    }

    static double closedLoop(InetSocketAddress to, int seconds, int threads) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ts.add(daemon(() -> {
                try (Client c = new Client(to)) {
                    while (System.nanoTime() < end) {
                        c.get();
                        done.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        long t0 = System.nanoTime();
        ts.forEach(Thread::start);
        for (Thread t : ts) {
            t.join();
        }
        return done.get() / ((System.nanoTime() - t0) / 1e9);
    }

    static Thread daemon(Runnable r) {
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
    }

    /** One keep-alive HTTP/1.1 connection: GET /, response read by Content-Length. */
    static final class Client implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final byte[] request;
        private final byte[] buf = new byte[8192];

        Client(InetSocketAddress to) throws IOException {
            socket = new Socket(to.getAddress(), to.getPort());
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new java.io.BufferedInputStream(socket.getInputStream());
            request = ("GET /api/pay HTTP/1.1\r\nHost: " + to.getHostString() + ":" + to.getPort() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }

        void get() throws IOException {
            out.write(request);
            out.flush();
            int length = -1;
            StringBuilder line = new StringBuilder();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b == '\n') {
                    String l = line.toString().trim();
                    if (l.isEmpty()) {
                        break;
                    }
                    if (l.regionMatches(true, 0, "content-length:", 0, 15)) {
                        length = Integer.parseInt(l.substring(15).trim());
                    }
                    line.setLength(0);
                } else {
                    line.append((char) b);
                }
            }
            if (length < 0) {
                throw new IOException("no content-length");
            }
            int left = length;
            while (left > 0) {
                int n = in.read(buf, 0, Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("connection closed in the body");
                }
                left -= n;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
