package dev.verdict.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (the {@code prometheus} binary, Debian package {@code prometheus}; {@code .ci/run}
 * installs it) for a test: its own loopback port, its own TSDB in a temporary directory, and one scrape job that
 * reads its targets from {@code file_sd} JSON files in {@link #targetsDir()} (Prometheus's file-based service
 * discovery, re-read on change), so a test adds and relabels real instances while Prometheus runs. Prometheus is not
 * on Maven Central, so {@link #binary()} says whether this machine has it; {@code VERDICT_PROMETHEUS} names another
 * binary.
 */
public final class TestPrometheus implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final int port;

    private TestPrometheus(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** The binary: {@code $VERDICT_PROMETHEUS}, else {@code prometheus} on the PATH; empty when neither exists. */
    public static Optional<Path> binary() {
        String env = System.getenv("VERDICT_PROMETHEUS");
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env)).filter(Files::isExecutable);
        }
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(d, "prometheus");
            if (!d.isEmpty() && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether tests that need Prometheus can run here. A machine without the binary skips them (Prometheus is not on
     * Maven Central, so {@code ./mvnw -B verify} on a fresh machine cannot fetch it), unless
     * {@code VERDICT_REQUIRE_PROMETHEUS=1} (set by {@code .ci/run}, which installs it) makes its absence a failure.
     */
    public static boolean available() {
        if (binary().isPresent()) {
            return true;
        }
        if ("1".equals(System.getenv("VERDICT_REQUIRE_PROMETHEUS"))) {
            throw new IllegalStateException("VERDICT_REQUIRE_PROMETHEUS=1 but there is no prometheus binary: install"
                    + " the Debian package 'prometheus' or set VERDICT_PROMETHEUS");
        }
        return false;
    }

    /** What a skipped test says. */
    public static final String SKIPPED =
            "no prometheus binary on this machine (Debian package 'prometheus'; .ci/run" + " installs it): skipped";

    /**
     * Starts Prometheus scraping every {@code scrapeInterval} and waits until it is ready (~1-3 s). Refused with what
     * to install when the binary is missing.
     */
    public static TestPrometheus start(Duration scrapeInterval) {
        return start(scrapeInterval, null);
    }

    /**
     * As {@link #start(Duration)}, also following the file_sd file {@code watched} that something else writes (the
     * process target's {@code work-dir/prometheus/targets.json}); it need not exist yet.
     */
    public static TestPrometheus start(Duration scrapeInterval, Path watched) {
        Path bin = binary().orElseThrow(
                        () -> new IllegalStateException(
                                "no prometheus binary: install the Debian package 'prometheus' (.ci/run does) or set VERDICT_PROMETHEUS"));
        try {
            Path dir = Files.createTempDirectory("verdict-prometheus-");
            Path targets = Files.createDirectories(dir.resolve("targets"));
            String interval = scrapeInterval.toMillis() + "ms";
            Files.writeString(
                    dir.resolve("prometheus.yml"),
                    String.join(
                            "\n",
                            "global:",
                            "  scrape_interval: " + interval,
                            "  scrape_timeout: " + interval,
                            "scrape_configs:",
                            "  - job_name: verdict",
                            "    file_sd_configs:",
                            "      - files: ['" + targets.resolve("*.json") + "'"
                                    + (watched == null ? "" : ", '" + watched.toAbsolutePath() + "'") + "]",
                            "        refresh_interval: 1s",
                            ""));
            int port = freePort();
            Process p = new ProcessBuilder(
                            bin.toString(),
                            "--config.file=" + dir.resolve("prometheus.yml"),
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port,
                            "--log.level=warn")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            TestPrometheus prometheus = new TestPrometheus(p, dir, port);
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
            prometheus.awaitReady(Duration.ofSeconds(60));
            return prometheus;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start prometheus", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, the base of its HTTP API. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Where a test writes {@code *.json} target files (file_sd format). */
    public Path targetsDir() {
        return dir.resolve("targets");
    }

    /**
     * Replaces the target file {@code name}.json with one group: {@code targets} (host:port) under {@code labels}
     * ({@code __metrics_path__} sets the path scraped). Written to a temporary file and moved, so Prometheus never
     * reads half a file.
     */
    public void setTargets(String name, List<String> targets, java.util.Map<String, String> labels) {
        StringBuilder json = new StringBuilder("[{\"targets\":[");
        for (int i = 0; i < targets.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(targets.get(i)).append('"');
        }
        json.append("],\"labels\":{");
        int i = 0;
        for (var e : new java.util.TreeMap<>(labels).entrySet()) {
            json.append(i++ == 0 ? "" : ",")
                    .append('"')
                    .append(e.getKey())
                    .append("\":\"")
                    .append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        json.append("}}]");
        try {
            Path tmp = targetsDir().resolve(name + ".json.tmp");
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            Files.move(
                    tmp,
                    targetsDir().resolve(name + ".json"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its log so far, for a failing test's message. */
    public String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops it the hard way (SIGKILL), as a crashed metrics store would go; {@link #close()} does the same. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
                                .timeout(Duration.ofSeconds(1))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for prometheus", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for prometheus", e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("prometheus not ready after " + timeout + ":\n" + log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
