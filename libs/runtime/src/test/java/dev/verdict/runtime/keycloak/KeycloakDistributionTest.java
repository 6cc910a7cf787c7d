package dev.verdict.runtime.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layout and the verified download, against a small local HTTP server standing in for the repository host. */
class KeycloakDistributionTest {

    @TempDir
    Path tmp;

    private HttpServer http;
    private final byte[] archive = "not really a tar.gz".getBytes(StandardCharsets.UTF_8);
    private final AtomicReference<String> servedSha1 = new AtomicReference<>();

    @BeforeEach
    void serve() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String path = "/maven2/org/keycloak/keycloak-quarkus-dist/9.9.9/keycloak-quarkus-dist-9.9.9.tar.gz";
        http.createContext(path, ex -> {
            byte[] body = ex.getRequestURI().getPath().endsWith(".sha1")
                    ? servedSha1.get().getBytes(StandardCharsets.US_ASCII)
                    : archive;
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private KeycloakDistribution dist() {
        return new KeycloakDistribution(
                "9.9.9",
                tmp.resolve("repo"),
                tmp.resolve("cache"),
                "http://127.0.0.1:" + http.getAddress().getPort() + "/maven2");
    }

    @Test
    void laysOutArchiveLikeMavenAndCachesPerVersion() {
        KeycloakDistribution d = dist();
        assertThat(d.archive())
                .isEqualTo(tmp.resolve(
                        "repo/org/keycloak/keycloak-quarkus-dist/9.9.9/keycloak-quarkus-dist-9.9.9.tar.gz"));
        assertThat(d.home()).isEqualTo(tmp.resolve("cache/keycloak-9.9.9"));
        assertThat(d.isInstalled()).isFalse();
    }

    @Test
    void downloadsIntoTheRepositoryWhenTheChecksumMatches() throws Exception {
        servedSha1.set(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(archive))
                        + "  keycloak-quarkus-dist-9.9.9.tar.gz\n");

        Path got = dist().fetchArchive();

        assertThat(got).exists().hasBinaryContent(archive);
        assertThat(Files.readString(got.resolveSibling(got.getFileName() + ".sha1")))
                .isEqualTo(servedSha1.get().substring(0, 40));
        assertThat(leftovers(got.getParent())).isZero();
    }

    @Test
    void rejectsADownloadWhoseChecksumDiffersAndLeavesNothingBehind() throws IOException {
        servedSha1.set("0000000000000000000000000000000000000000");

        assertThatThrownBy(() -> dist().fetchArchive()).hasMessageContaining("SHA-1 mismatch");

        assertThat(dist().archive()).doesNotExist();
        assertThat(leftovers(dist().archive().getParent())).isZero();
    }

    @Test
    void usesAnArchiveAlreadyInTheRepositoryWithoutDownloading() throws Exception {
        Path existing = dist().archive();
        Files.createDirectories(existing.getParent());
        Files.writeString(existing, "cached");
        http.stop(0); // any request would fail now

        assertThat(dist().fetchArchive()).hasContent("cached");
    }

    @Test
    void defaultRepositoryFollowsMavenRepoLocal() {
        String before = System.getProperty("maven.repo.local");
        try {
            System.setProperty("maven.repo.local", tmp.resolve("r").toString());
            assertThat(KeycloakDistribution.defaultMavenRepository()).isEqualTo(tmp.resolve("r"));
        } finally {
            if (before == null) {
                System.clearProperty("maven.repo.local");
            } else {
                System.setProperty("maven.repo.local", before);
            }
        }
    }

    @Test
    void defaultVersionComesFromTheRootPom() {
        assertThat(KeycloakDistribution.defaultVersion()).matches("\\d+\\.\\d+\\.\\d+");
    }

    private static long leftovers(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".part"))
                    .count();
        }
    }
}
