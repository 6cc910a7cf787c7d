import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A test service: answers every request with its version (env VERDICT_VERSION). Run as java VersionServer.java PORT. */
public class VersionServer {
    public static void main(String[] args) throws Exception {
        byte[] body = System.getenv("VERDICT_VERSION").getBytes(StandardCharsets.UTF_8);
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 64);
        s.createContext("/", x -> {
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        s.start();
    }
}
