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
 * client, one thread each, so the generator costs little next to the router on a 2-core machine. Two backends, each
 * measured direct and through its own router: a Vert.x server that does no work per request (the router's worst
 * case: its two hops then are most of the CPU), and the demo payments-api as its own OS process with its CPU work
 * per request and no added service time (the instance the router fronts in the product).
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
        List<String> out = new ArrayList<>();
        out.add(String.format(
                Locale.ROOT,
                "# router bench, %s, %d cores, JDK %s, %d s per run",
                java.time.Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                seconds));
        // backend 1: a Vert.x server that does nothing per request, the router's worst case
        Vertx backendVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            HttpServer backend = backendVertx
                    .createHttpServer()
                    .requestHandler(r -> r.response()
                            .putHeader("content-type", "application/json")
                            .end(io.vertx.core.buffer.Buffer.buffer(BODY)))
                    .listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            compare("no-op", new InetSocketAddress("127.0.0.1", backend.actualPort()), "/api/pay", seconds, out);
        } finally {
            backendVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        // backend 2: the demo payments-api as its own OS process, the instance the router fronts in the product, with
        // its CPU work per request (200 SHA-256 rounds) and no added service time, so it is CPU-bound, not sleeping
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path jar = Path.of(dev.verdict.demo.DemoService.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        jar.toString(),
                        "dev.verdict.demo.DemoService",
                        Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DEMO_LATENCY_MS", "0");
        pb.environment().put("VERDICT_VERSION", "1.0.0");
        Process demo = pb.start();
        try {
            InetSocketAddress direct = new InetSocketAddress("127.0.0.1", port);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (true) {
                try (Client c = new Client(direct, "/health")) {
                    c.get();
                    break;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw notYet;
                    }
                    Thread.sleep(100);
                }
            }
            compare("demo-service", direct, "/api/payments/quote", seconds, out);
        } finally {
            demo.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Path file = Path.of("target/bench/router.txt");
        Files.createDirectories(file.getParent());
        Files.write(file, out);
        out.forEach(System.out::println);
    }

    /** Direct and through a router of its own, alternating, open loop then closed loop, for one backend. */
    static void compare(String name, InetSocketAddress direct, String path, int seconds, List<String> out)
            throws Exception {
        try (WeightedRouter router = WeightedRouter.start(
                "127.0.0.1", 0, new RouterRecords(Duration.ofSeconds(10), 100, Clock.systemUTC()))) {
            router.route(Routes.only(Scope.STABLE, List.of(direct)));
            InetSocketAddress routed = new InetSocketAddress("127.0.0.1", router.port());
            // warm-up of both paths at the measured rate, long enough for the JIT to settle
            openLoop(direct, path, 1000, 10, 8);
            openLoop(routed, path, 1000, 10, 8);
            for (int round = 1; round <= 2; round++) {
                for (String side : List.of("direct", "router")) {
                    InetSocketAddress to = side.equals("direct") ? direct : routed;
                    Histogram h = openLoop(to, path, 1000, seconds, 8);
                    out.add(String.format(
                            Locale.ROOT,
                            "%s open-loop 1000/s %s #%d: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms, n %d",
                            name,
                            side,
                            round,
                            h.getValueAtPercentile(50) / 1000.0,
                            h.getValueAtPercentile(90) / 1000.0,
                            h.getValueAtPercentile(99) / 1000.0,
                            h.getMaxValue() / 1000.0,
                            h.getTotalCount()));
                }
            }
            double[] rps = new double[4];
            for (int round = 1; round <= 2; round++) {
                for (String side : List.of("direct", "router")) {
                    InetSocketAddress to = side.equals("direct") ? direct : routed;
                    double r = closedLoop(to, path, seconds, 16);
                    rps[(round - 1) * 2 + (side.equals("direct") ? 0 : 1)] = r;
                    out.add(String.format(
                            Locale.ROOT, "%s closed-loop 16 connections %s #%d: %.0f req/s", name, side, round, r));
                }
            }
            out.add(String.format(
                    Locale.ROOT,
                    "%s closed-loop router / direct: %.2f (round 1 %.2f, round 2 %.2f)",
                    name,
                    (rps[1] + rps[3]) / (rps[0] + rps[2]),
                    rps[1] / rps[0],
                    rps[3] / rps[2]));
        }
    }

    /** Latency in microseconds from each request's intended send time, {@code rate} per second over the threads. */
    static Histogram openLoop(InetSocketAddress to, String path, int rate, int seconds, int threads) throws Exception {
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
                try (Client c = new Client(to, path)) {
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

    static double closedLoop(InetSocketAddress to, String path, int seconds, int threads) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ts.add(daemon(() -> {
                try (Client c = new Client(to, path)) {
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

        Client(InetSocketAddress to, String path) throws IOException {
            socket = new Socket(to.getAddress(), to.getPort());
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new java.io.BufferedInputStream(socket.getInputStream());
            request = ("GET " + path + " HTTP/1.1\r\nHost: " + to.getHostString() + ":" + to.getPort() + "\r\n\r\n")
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
