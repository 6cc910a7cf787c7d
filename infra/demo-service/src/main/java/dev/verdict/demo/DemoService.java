package dev.verdict.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The demo payments-api. {@code GET /api/payments/quote} does the request's CPU work and waits its service time,
 * {@code /health} answers 200 once listening, {@code /q/metrics} (and {@code /metrics}) is Prometheus text:
 * requests, errors, a histogram of the service time in seconds ({@code demo_request_seconds}) and process CPU.
 * Port from {@code PORT} (or the first argument), version from {@code VERDICT_VERSION}.
 */
public final class DemoService {

    private final String version;
    private final Behaviour behaviour;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    /** Upper bounds in seconds of the service-time histogram's buckets; the last (+Inf) is {@link #requests}. */
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1, 0.25, 1};

    private final java.util.concurrent.atomic.AtomicLongArray bucketCounts =
            new java.util.concurrent.atomic.AtomicLongArray(BUCKETS.length);
    private final java.util.concurrent.atomic.LongAdder nanosTotal = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder observed = new java.util.concurrent.atomic.LongAdder();
    private HttpServer server;

    DemoService(String version, Behaviour behaviour) {
        this.version = version;
        this.behaviour = behaviour;
    }

    public static void main(String[] args) throws IOException {
        String port = args.length > 0 ? args[0] : System.getenv().getOrDefault("PORT", "8090");
        String version = System.getenv().getOrDefault("VERDICT_VERSION", "1.0.0");
        DemoService s = new DemoService(version, Behaviour.of(version, System.getenv()));
        s.start(Integer.parseInt(port));
        System.out.println("demo payments-api " + version + " listening on " + s.port() + " " + s.behaviour);
    }

    void start(int port) throws IOException {
        // Without TCP_NODELAY the JDK server's small responses wait for the client's delayed ACK: +40 ms per request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/health", x -> answer(x, 200, "text/plain", "UP"));
        server.createContext("/metrics", x -> answer(x, 200, "text/plain; version=0.0.4", metrics()));
        server.createContext("/q/metrics", x -> answer(x, 200, "text/plain; version=0.0.4", metrics()));
        server.createContext("/", this::quote);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    private void quote(HttpExchange x) throws IOException {
        long start = System.nanoTime();
        requests.incrementAndGet();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String digest = work(behaviour.cpuRounds(), random.nextLong());
        long remaining = behaviour.latencyMicros(random.nextDouble(), System.currentTimeMillis() / 1000) * 1000
                - (System.nanoTime() - start);
        if (remaining > 0) {
            LockSupport.parkNanos(remaining);
        }
        observe(System.nanoTime() - start);
        if (random.nextDouble() < behaviour.errorRate()) {
            errors.incrementAndGet();
            answer(x, 500, "application/json", "{\"error\":\"injected\",\"version\":\"" + version + "\"}");
            return;
        }
        answer(x, 200, "application/json", "{\"version\":\"" + version + "\",\"quote\":\"" + digest + "\"}");
    }

    /** CPU work: repeated SHA-256, so a faster runtime shows as less CPU per request. */
    static String work(int rounds, long seed) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] b = Long.toString(seed).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < rounds; i++) {
                b = sha.digest(b);
            }
            return String.format("%02x%02x%02x%02x", b[0], b[1], b[2], b[3]);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void observe(long nanos) {
        nanosTotal.add(nanos);
        observed.increment();
        double seconds = nanos / 1e9;
        for (int i = 0; i < BUCKETS.length; i++) {
            if (seconds <= BUCKETS[i]) {
                bucketCounts.incrementAndGet(i);
                return;
            }
        }
    }

    private String metrics() {
        long cpuNanos = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime();
        return "# TYPE demo_requests_total counter\ndemo_requests_total{version=\"" + version + "\"} " + requests.get()
                + "\n# TYPE demo_errors_total counter\ndemo_errors_total{version=\"" + version + "\"} " + errors.get()
                + "\n# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total " + cpuNanos / 1e9 + "\n"
                + histogram();
    }

    /** Cumulative buckets, as Prometheus's text format wants them; counted when the service time is known. */
    private String histogram() {
        StringBuilder out = new StringBuilder("# TYPE demo_request_seconds histogram\n");
        long cumulative = 0;
        String v = "version=\"" + version + "\"";
        for (int i = 0; i < BUCKETS.length; i++) {
            cumulative += bucketCounts.get(i);
            out.append("demo_request_seconds_bucket{")
                    .append(v)
                    .append(",le=\"")
                    .append(BUCKETS[i])
                    .append("\"} ")
                    .append(cumulative)
                    .append('\n');
        }
        long count = observed.sum();
        out.append("demo_request_seconds_bucket{")
                .append(v)
                .append(",le=\"+Inf\"} ")
                .append(count)
                .append('\n');
        out.append("demo_request_seconds_sum{")
                .append(v)
                .append("} ")
                .append(nanosTotal.sum() / 1e9)
                .append('\n');
        out.append("demo_request_seconds_count{")
                .append(v)
                .append("} ")
                .append(count)
                .append('\n');
        return out.toString();
    }

    private static void answer(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }
}
