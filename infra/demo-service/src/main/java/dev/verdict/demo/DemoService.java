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
 * {@code /health} answers 200 once listening, {@code /metrics} is Prometheus text (requests, errors, process CPU).
 * Port from {@code PORT} (or the first argument), version from {@code VERDICT_VERSION}.
 */
public final class DemoService {

    private final String version;
    private final Behaviour behaviour;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
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

    private String metrics() {
        long cpuNanos = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime();
        return "# TYPE demo_requests_total counter\ndemo_requests_total{version=\"" + version + "\"} " + requests.get()
                + "\n# TYPE demo_errors_total counter\ndemo_errors_total{version=\"" + version + "\"} " + errors.get()
                + "\n# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total " + cpuNanos / 1e9 + "\n";
    }

    private static void answer(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }
}
