import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Open-loop load at a fixed request rate over a fixed number of connections, with latency measured from each
 * request's intended send time (corrected for coordinated omission, as wrk2 does). Each of C connection threads
 * owns a schedule of rate/C requests per second (offset so the threads interleave); a thread that is late because
 * the server was slow sends immediately, and the time it was late counts in the latency. So a stall of the server
 * shows as the latency every scheduled request would have seen, not as one slow request.
 *
 * <p>Each connection is one keep-alive HTTP/1.1 socket driven by its own thread with a minimal client (request line
 * and headers written by hand, response read by Content-Length or chunked encoding), so the generator costs little
 * CPU next to the service on a shared machine; a connection that fails is reopened and the request counts as an
 * error, as does every answer other than 200.
 *
 * <p>Run from source (JDK 17+, no build): {@code java -Xmx128m OpenLoad.java TARGET BASE_URL RATE SECONDS CONNECTIONS}
 * with TARGET
 * <ul>
 *   <li>{@code health}: GET /q/health/live without token (no work: the ceiling of machine and HTTP stack);
 *   <li>{@code health-token}: the same with the bearer token (the price of the token check);
 *   <li>{@code get-by-ref}: catalog-service, a random component per request (env COMPONENTS: how many svc-N exist);
 *   <li>{@code search}: catalog-service, the filtered + searched page of search-page.lua;
 *   <li>{@code allocation}: deploy-orchestrator, POST /api/experiments/{EXPERIMENT}/allocation with the JSON body
 *       {@code {"attributes":{"id":"unit-N"}}}, N random per request among UNITS (env EXPERIMENT, default
 *       new-checkout; UNITS, default 1000000).
 * </ul>
 * Every target but {@code health} sends env TOKEN as bearer. Traffic goes only to BASE_URL; the run is bounded by
 * SECONDS (plus at most 10 s for the last responses). Prints one summary line (milliseconds).
 */
public class OpenLoad {

    static final String[] WORDS = {"payments", "checkout", "ledger", "search", "catalog", "inventory", "billing",
            "identity", "shipping", "pricing", "reviews", "orders", "cart", "gateway", "audit"};
    static final String[] LIFECYCLES = {"production", "experimental", "deprecated"};

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: java OpenLoad.java TARGET BASE_URL RATE SECONDS CONNECTIONS");
            System.exit(2);
        }
        String target = args[0];
        String base = args[1].replaceAll("/$", "");
        double rate = Double.parseDouble(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[4]);
        String token = System.getenv("TOKEN");
        int components = Integer.parseInt(System.getenv().getOrDefault("COMPONENTS", "5690"));
        String experiment = System.getenv().getOrDefault("EXPERIMENT", "new-checkout");
        int units = Integer.parseInt(System.getenv().getOrDefault("UNITS", "1000000"));
        boolean post = target.equals("allocation");
        IntFunction<String> paths = post ? r -> "/api/experiments/" + experiment + "/allocation" : pathsFor(target, components);
        IntFunction<String> bodies = post ? r -> "{\"attributes\":{\"id\":\"unit-" + (r % units) + "\"}}" : null;
        boolean auth = !target.equals("health");

        URI uri = URI.create(base);
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        if (auth && (token == null || token.isBlank())) {
            System.err.println("target " + target + " needs env TOKEN (a bearer token)");
            System.exit(2);
        }
        String headers = "Host: " + host + ":" + port + "\r\n" + (auth ? "Authorization: Bearer " + token + "\r\n" : "")
                + "Accept: application/json\r\n";
        String method = post ? "POST " : "GET ";
        long intervalNanos = (long) (1e9 * connections / rate); // per connection
        long perConnection = (long) Math.floor(rate * seconds / connections);
        long start = System.nanoTime() + 200_000_000L; // let every thread reach its first slot
        long deadline = start + seconds * 1_000_000_000L + 10_000_000_000L;
        AtomicLong errors = new AtomicLong();
        AtomicLong lateSends = new AtomicLong();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>(); // answers other than 200, by status
        long[][] latencies = new long[connections][];
        int[] counts = new int[connections];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int conn = c;
            latencies[c] = new long[(int) perConnection];
            Thread t = new Thread(() -> {
                Connection http = new Connection(host, port);
                Random random = new Random(1000 + conn);
                long offset = intervalNanos * conn / connections;
                for (long i = 0; i < perConnection; i++) {
                    long intended = start + offset + i * intervalNanos;
                    long now = System.nanoTime();
                    if (now < intended) {
                        sleepUntil(intended);
                    } else if (now - intended > 1_000_000L) {
                        lateSends.incrementAndGet();
                    }
                    if (System.nanoTime() > deadline) {
                        break;
                    }
                    int r = random.nextInt(Integer.MAX_VALUE);
                    String line = method + uri.getPath() + paths.apply(r) + " HTTP/1.1\r\n" + headers;
                    byte[] request = bodies == null
                            ? (line + "\r\n").getBytes(StandardCharsets.US_ASCII)
                            : withBody(line, bodies.apply(r));
                    try {
                        int status = http.get(request);
                        if (status != 200) {
                            errors.incrementAndGet();
                            statuses.computeIfAbsent(status, x -> new AtomicLong()).incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        http.close();
                    }
                    latencies[conn][counts[conn]++] = System.nanoTime() - intended;
                }
                http.close();
            }, "open-load-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
        }
        long elapsed = System.nanoTime() - start;
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        long[] all = new long[n];
        int k = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(latencies[c], 0, all, k, counts[c]);
            k += counts[c];
        }
        Arrays.sort(all);
        System.out.printf("open-loop %s: rate %.0f/s, %d connections, %d s: scheduled %d, sent %d, errors %d, achieved %.0f/s, "
                        + "late sends %d; latency from intended send (ms) p50 %s p90 %s p99 %s p99.9 %s max %s%s%n",
                target, rate, connections, seconds, perConnection * connections, n, errors.get(), n * 1e9 / elapsed, lateSends.get(),
                ms(pct(all, 50)), ms(pct(all, 90)), ms(pct(all, 99)), ms(pct(all, 99.9)), ms(n == 0 ? -1 : all[n - 1]),
                statuses.isEmpty() ? "" : "; non-200 statuses " + new TreeMap<>(statuses));
    }

    /** One keep-alive HTTP/1.1 connection: write a request, read the whole response, return its status. */
    static final class Connection {
        private final String host;
        private final int port;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Connection(String host, int port) {
            this.host = host;
            this.port = port;
        }

        int get(byte[] request) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(10_000);
                socket.connect(new InetSocketAddress(host, port), 5_000);
                in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                out = socket.getOutputStream();
            }
            out.write(request);
            out.flush();
            String status = line();
            if (!status.startsWith("HTTP/1.1 ")) {
                throw new IOException("not an HTTP response: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) { // trailers
                }
            } else if (length >= 0) {
                skip(length);
            } else {
                close = true; // body until close: read it all
                while (in.read() >= 0) {
                }
            }
            if (close) {
                close();
            }
            return code;
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
            if (b < 0 && sb.length() == 0) {
                throw new IOException("connection closed");
            }
            return sb.toString();
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long k = in.skip(n);
                if (k <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed in body");
                    }
                    k = 1;
                }
                n -= k;
            }
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            socket = null;
        }
    }

    static IntFunction<String> pathsFor(String target, int components) {
        return switch (target) {
            case "health", "health-token" -> r -> "/q/health/live";
            case "get-by-ref" -> r -> "/api/entities/by-ref/component/default/svc-" + (r % components);
            case "search" -> r -> {
                String w = WORDS[r % WORDS.length];
                return switch ((r / WORDS.length) % 3) {
                    case 0 -> "/api/entities?kind=component&lifecycle=" + LIFECYCLES[(r / 45) % 3] + "&q=" + w + "&limit=20";
                    case 1 -> "/api/entities?kind=component&tag=" + w + "&owner=team-" + ((r / 45) % 21) + "&limit=20";
                    default -> "/api/entities?q=" + w.substring(0, 4) + "&type=service&limit=20";
                };
            };
            default -> throw new IllegalArgumentException("unknown target " + target);
        };
    }

    /** The request line and headers with a JSON body and its Content-Length. */
    static byte[] withBody(String lineAndHeaders, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = (lineAndHeaders + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            try {
                Thread.sleep(left / 1_000_000L, (int) (left % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static String ms(long nanos) {
        return nanos < 0 ? "n/a" : String.format("%.2f", nanos / 1e6);
    }
}
