package dev.verdict.runtime.keycloak;

import dev.verdict.runtime.files.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Keycloak server distribution ({@code org.keycloak:keycloak-quarkus-dist:<version>:tar.gz}) as an unpacked,
 * already augmented directory in a per-version cache. The archive lives in the Maven local repository (downloaded
 * from Maven Central when absent), so CI caches and offline machines treat it like any other artifact.
 *
 * <p>Every step is safe against concurrent callers (tests and {@code ./verdict up} at once) and against aborts:
 * the download goes to a temp file that is moved into place after its SHA-1 matched Central's, and the unpack plus
 * the one-time Quarkus augmentation happen in a temp directory that is renamed only when complete.
 */
public final class KeycloakDistribution {

    /** Build-time options: fixed, because changing one forces a 10-18 s re-augmentation on the next start. */
    public static final List<String> BUILD_OPTIONS = List.of("--health-enabled=true");

    static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
    private static final String READY_MARKER = ".verdict-augmented";

    private final String version;
    private final Path mavenRepository;
    private final Path cacheRoot;
    private final String centralUrl;
    private final Augmenter augmenter;

    public KeycloakDistribution(String version, Path mavenRepository, Path cacheRoot) {
        this(version, mavenRepository, cacheRoot, CENTRAL);
    }

    KeycloakDistribution(String version, Path mavenRepository, Path cacheRoot, String centralUrl) {
        this(version, mavenRepository, cacheRoot, centralUrl, KeycloakDistribution::augment);
    }

    KeycloakDistribution(String version, Path mavenRepository, Path cacheRoot, String centralUrl, Augmenter augmenter) {
        this.version = version;
        this.mavenRepository = mavenRepository;
        this.cacheRoot = cacheRoot;
        this.centralUrl = centralUrl.endsWith("/") ? centralUrl : centralUrl + "/";
        this.augmenter = augmenter;
    }

    /** The one-time build step run on the unpacked tree before it is moved into the cache. */
    @FunctionalInterface
    interface Augmenter {
        void augment(Path dist, Path log) throws IOException;
    }

    /** The version of the root pom ({@code keycloak.dist.version}), the Maven local repository and ~/.cache/verdict. */
    public static KeycloakDistribution defaults() {
        return new KeycloakDistribution(defaultVersion(), defaultMavenRepository(), defaultCacheRoot());
    }

    public static String defaultVersion() {
        String override = System.getProperty("verdict.keycloak.version");
        if (override != null && !override.isBlank()) {
            return override;
        }
        try (InputStream in = KeycloakDistribution.class.getResourceAsStream("keycloak.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("keycloak.properties missing from the verdict-runtime jar", e);
        }
    }

    /** {@code maven.repo.local} if set (Maven passes it to tests through the root pom), else ~/.m2/repository. */
    public static Path defaultMavenRepository() {
        String local = System.getProperty("maven.repo.local");
        if (local != null && !local.isBlank()) {
            return Path.of(local);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** {@code verdict.cache.dir}, else $XDG_CACHE_HOME/verdict, else ~/.cache/verdict. */
    public static Path defaultCacheRoot() {
        String dir = System.getProperty("verdict.cache.dir");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "verdict");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "verdict");
    }

    public String version() {
        return version;
    }

    /** Repository-relative path of the archive, as Maven lays it out. */
    public String archiveRelativePath() {
        return "org/keycloak/keycloak-quarkus-dist/" + version + "/keycloak-quarkus-dist-" + version + ".tar.gz";
    }

    public Path archive() {
        return mavenRepository.resolve(archiveRelativePath());
    }

    /** Where the unpacked, augmented distribution lives once {@link #install()} returned. */
    public Path home() {
        return cacheRoot.resolve("keycloak-" + version);
    }

    public boolean isInstalled() {
        return Files.isRegularFile(home().resolve(READY_MARKER));
    }

    /**
     * Makes sure the archive is in the local repository and the augmented distribution in the cache; returns its
     * home. Cheap when both exist. Serialised across processes by a file lock in the cache directory.
     */
    public Path install() {
        if (isInstalled()) {
            return home();
        }
        try {
            Files.createDirectories(cacheRoot);
            synchronized (KeycloakDistribution.class) { // FileLock is per JVM: threads of one JVM queue here first
                try (FileChannel ch = FileChannel.open(
                                cacheRoot.resolve("keycloak-" + version + ".lock"),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE);
                        FileLock ignored = ch.lock()) {
                    sweepLeftovers();
                    if (isInstalled()) {
                        return home();
                    }
                    Path archive = fetchArchive();
                    unpackAndAugment(archive);
                    return home();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not install Keycloak " + version + " into " + home(), e);
        }
    }

    /** The archive in the local repository, downloaded and SHA-1-verified if absent. */
    Path fetchArchive() throws IOException {
        Path archive = archive();
        if (Files.isRegularFile(archive)) {
            return archive;
        }
        Files.createDirectories(archive.getParent());
        String url = centralUrl + archiveRelativePath();
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20))
                .build();
        String expectedSha1 =
                fetchString(http, url + ".sha1").trim().split("\\s+")[0].toLowerCase(Locale.ROOT);
        Path part =
                Files.createTempFile(archive.getParent(), archive.getFileName().toString(), ".part");
        try {
            HttpResponse<Path> resp = send(http, url, HttpResponse.BodyHandlers.ofFile(part));
            if (resp.statusCode() != 200) {
                throw new IOException("GET " + url + " returned " + resp.statusCode());
            }
            String actual = sha1(part);
            if (!actual.equals(expectedSha1)) {
                throw new IOException("SHA-1 mismatch for " + url + ": expected " + expectedSha1 + ", got " + actual);
            }
            Files.writeString(archive.resolveSibling(archive.getFileName() + ".sha1"), expectedSha1);
            part.toFile().setReadable(true, false); // temp files are created 0600; repository files are 0644
            Trees.move(part, archive);
            return archive;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static String fetchString(HttpClient http, String url) throws IOException {
        HttpResponse<String> resp = send(http, url, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            throw new IOException("GET " + url + " returned " + resp.statusCode());
        }
        return resp.body();
    }

    private static <T> HttpResponse<T> send(HttpClient http, String url, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofMinutes(10))
                            .build(),
                    handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + url, e);
        }
    }

    static String sha1(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Temp trees of a run killed while unpacking or augmenting (~500 MB each); we hold the lock, none is in use. */
    private void sweepLeftovers() throws IOException {
        try (Stream<Path> children = Files.list(cacheRoot)) {
            for (Path p : children.toList()) {
                if (p.getFileName().toString().startsWith(unpackPrefix())) {
                    Trees.delete(p);
                }
            }
        }
    }

    private String unpackPrefix() {
        return "keycloak-" + version + ".unpack-";
    }

    private void unpackAndAugment(Path archive) throws IOException {
        Path tmp = Files.createTempDirectory(cacheRoot, unpackPrefix());
        try {
            run(
                    List.of("tar", "-xzf", archive.toString(), "-C", tmp.toString()),
                    tmp.resolve("tar.log"),
                    Duration.ofMinutes(5),
                    0);
            Path unpacked = tmp.resolve("keycloak-" + version);
            if (!Files.isRegularFile(unpacked.resolve("bin/kc.sh"))) {
                throw new IOException("unexpected archive layout: no keycloak-" + version + "/bin/kc.sh in " + archive);
            }
            augmenter.augment(unpacked, tmp.resolve("augment.log"));
            Files.writeString(unpacked.resolve(READY_MARKER), String.join(" ", BUILD_OPTIONS) + "\n");
            Trees.delete(home()); // a tree without the marker is a leftover of an older layout: replace it
            Trees.move(unpacked, home());
        } finally {
            Trees.delete(tmp);
        }
    }

    /**
     * Runs the Quarkus augmentation for the dev profile with {@link #BUILD_OPTIONS} once, here, instead of on the
     * first {@code start-dev}: {@code kc.sh build} refuses the dev profile, and an augmentation that is killed half
     * way inside the shared cache would break it for everyone. The server's entry point exits with 10 after a
     * rebuild (kc.sh relaunches then; we simply stop).
     */
    private static void augment(Path dist, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                KeycloakServer.javaExecutable(),
                "-Xms64m",
                "-Xmx512m",
                KeycloakServer.DEFAULT_JVM_OPTIONS, // a one-off run: C1 finishes it sooner
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.base/java.security=ALL-UNNAMED",
                "-Dkc.home.dir=" + dist,
                "-Djboss.server.config.dir=" + dist.resolve("conf"),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dpicocli.disable.closures=true",
                "-cp",
                dist.resolve("lib/quarkus-run.jar").toString(),
                "io.quarkus.bootstrap.runner.QuarkusEntryPoint",
                "start-dev"));
        cmd.addAll(BUILD_OPTIONS);
        run(cmd, log, Duration.ofMinutes(5), 10);
    }

    private static void run(List<String> cmd, Path log, Duration timeout, int expectedExit) throws IOException {
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IOException("timed out after " + timeout + ": " + cmd.get(0) + "; log:\n" + tail(log));
            }
            if (p.exitValue() != expectedExit) {
                throw new IOException("'" + String.join(" ", cmd) + "' exited with " + p.exitValue() + " (expected "
                        + expectedExit + "); log:\n" + tail(log));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
