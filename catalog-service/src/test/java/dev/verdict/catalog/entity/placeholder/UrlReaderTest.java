package dev.verdict.catalog.entity.placeholder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The allow-list as Backstage's backend.reading.allow reads it, and the limits of one read, on a real server. */
class UrlReaderTest {

    private static boolean allowed(String url, String... allow) {
        return UrlReader.allowed(URI.create(url), List.of(allow));
    }

    @Test
    void aGithubFilePageIsReadFromItsRawContent() {
        // as Backstage's examples write them (catalog-model examples/apis/*.yaml)
        assertThat(
                        UrlReader.contentUrl(
                                URI.create(
                                        "https://github.com/backstage/backstage/blob/master/packages/catalog-model/examples/apis/petstore.oas.yaml")))
                .hasToString(
                        "https://raw.githubusercontent.com/backstage/backstage/master/packages/catalog-model/examples/apis/petstore.oas.yaml");
        // not a file page, or not github.com: read as written
        for (String same : List.of(
                "https://github.com/backstage/backstage",
                "https://github.com/backstage/backstage/tree/master/docs",
                "https://github.com/backstage/backstage/blob/master",
                "https://github.com:8443/o/r/blob/main/a.yaml",
                "http://github.com/o/r/blob/main/a.yaml",
                "https://example.com/o/r/blob/main/a.yaml",
                "https://raw.githubusercontent.com/o/r/main/a.yaml")) {
            assertThat(UrlReader.contentUrl(URI.create(same))).hasToString(same);
        }
    }

    @Test
    void hostsPortsWildcardsAndPathPrefixes() {
        assertThat(allowed("https://example.com/a.yaml", "example.com")).isTrue();
        assertThat(allowed("https://EXAMPLE.com/a.yaml", "example.com")).isTrue();
        assertThat(allowed("https://evil.com/a.yaml", "example.com")).isFalse();
        assertThat(allowed("https://example.com.evil.com/a.yaml", "example.com"))
                .isFalse();
        assertThat(allowed("https://docs.example.com/a", "*.example.com")).isTrue();
        assertThat(allowed("https://example.com/a", "*.example.com")).isFalse();
        assertThat(allowed("https://notexample.com/a", "*.example.com")).isFalse();
        assertThat(allowed("http://localhost:7007/a", "localhost:7007")).isTrue();
        assertThat(allowed("http://localhost:7008/a", "localhost:7007")).isFalse();
        // no port written: the scheme's default port only; a range admits its ports
        assertThat(allowed("http://example.com:6379/a", "example.com")).isFalse();
        assertThat(allowed("https://example.com:443/a", "example.com")).isTrue();
        assertThat(allowed("http://localhost:8500/a", "localhost:8000-9000")).isTrue();
        assertThat(allowed("http://localhost:9001/a", "localhost:8000-9000")).isFalse();
        assertThat(allowed("http://[::1]:8080/a", "[::1]:8080")).isTrue();
        assertThat(allowed("http://allowed.com@evil.com/a", "allowed.com")).isFalse();
        assertThat(allowed("https://example.com/docs/a", "example.com/docs/")).isTrue();
        assertThat(allowed("https://example.com/other/a", "example.com/docs/")).isFalse();
        assertThat(allowed("https://example.com/docs/../secret", "example.com/docs/"))
                .isFalse();
        assertThat(allowed("ftp://example.com/a", "example.com")).isFalse();
        assertThat(allowed("https://example.com/a")).isFalse();
    }

    @Test
    void aReadIsCappedInSizeAndTime() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/small", ex -> {
            byte[] b = "hello".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.createContext("/big", ex -> {
            byte[] b = new byte[2048];
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, 0);
            ex.close();
        });
        server.createContext("/gone", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool()); // /slow must not hold the others
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            UrlReader reader = new UrlReader(List.of("127.0.0.1:1024-65535"), Duration.ofMillis(500), 1024);
            assertThat(new String(reader.read(base + "/small").content(), StandardCharsets.UTF_8))
                    .isEqualTo("hello");
            assertThatThrownBy(() -> reader.read(base + "/big")).hasMessage("larger than 1024 bytes");
            assertThatThrownBy(() -> reader.read(base + "/slow")).hasMessage("no answer within 500 ms");
            assertThatThrownBy(() -> reader.read(base + "/gone")).hasMessage("HTTP 404");
            // the refresh's budget for all its URL reads: spent, nothing is asked; nearly spent, it bounds the wait
            assertThatThrownBy(() -> reader.read(base + "/small", java.time.Instant.now()))
                    .hasMessageContaining("took their whole budget")
                    .hasMessageContaining("read again on the next refresh");
            UrlReader patient = new UrlReader(List.of("127.0.0.1:1024-65535"), Duration.ofSeconds(30), 1024);
            assertThatThrownBy(() ->
                            patient.read(base + "/slow", java.time.Instant.now().plusMillis(300)))
                    .hasMessageMatching("no answer within [0-9]{1,3} ms");
            assertThatThrownBy(() -> reader.read(base.replace("127.0.0.1", "localhost") + "/small"))
                    .hasMessageContaining("is not on the reading allow-list");
        } finally {
            server.stop(0);
        }
    }
}
