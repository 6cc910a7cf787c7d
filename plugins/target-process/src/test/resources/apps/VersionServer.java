import com.sun.net.httpserver.HttpServer;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A test service: answers every request with its version (env VERDICT_VERSION). Run as java VersionServer.java PORT.
 * A version ending in {@code -cpu} burns 5 ms of CPU per request first.
 */
public class VersionServer {
    public static void main(String[] args) throws Exception {
        String version = System.getenv("VERDICT_VERSION");
        byte[] body = version.getBytes(StandardCharsets.UTF_8);
        boolean burn = version.endsWith("-cpu");
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 64);
        s.createContext("/", x -> {
            if (burn) {
                var threads = ManagementFactory.getThreadMXBean();
                long until = threads.getCurrentThreadCpuTime() + 5_000_000;
                long spin = 0;
                while (threads.getCurrentThreadCpuTime() < until) {
                    spin += System.nanoTime() % 7;
                }
                x.getResponseHeaders().set("X-Spin", Long.toString(spin));
            }
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        s.start();
    }
}
