package dev.verdict.runtime.keycloak;

import dev.verdict.runtime.files.Trees;
import dev.verdict.runtime.proc.Health;
import dev.verdict.runtime.proc.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Keycloak server ({@code kc.sh start-dev}) from a {@link KeycloakDistribution}, with its own instance
 * directory, so tests and the local stack never share state: the instance directory is Keycloak's home
 * ({@code kc.home.dir}) with {@code lib}, {@code providers}, {@code themes} and {@code conf} linked to the cached
 * distribution and its own {@code data} (H2 dev-file database, import dir, transaction logs). Linking {@code lib}
 * matters: with a different home and no {@code lib}, Keycloak re-augments on every start.
 *
 * <p>The server runs in its own session / process group ({@code setsid}) and is stopped by group, because kc.sh
 * runs java as a child (or re-execs it).
 */
public final class KeycloakServer implements AutoCloseable {

    /**
     * C1 only: halves the start (39 s -> 17 s measured on the busy 2-core machine) at the cost of peak throughput,
     * which a development or test Keycloak never needs.
     */
    public static final String DEFAULT_JVM_OPTIONS = "-XX:TieredStopAtLevel=1";

    private static final Pattern REALM_NAME = Pattern.compile("\"realm\"\\s*:\\s*\"([^\"]+)\"");

    private final KeycloakDistribution distribution;
    private final Path instanceDir;
    private final int httpPort;
    private final int managementPort;
    private final List<Path> realmFiles;
    private final String heap;
    private final String jvmOptions;
    private final Path logFile;
    private final Map<String, String> systemProperties;
    private final String adminUser;
    private final String adminPassword;
    private final boolean stopOnJvmExit;

    private Process process;
    private long pid = -1;
    private Thread shutdownHook;

    private KeycloakServer(Builder b) {
        this.distribution = b.distribution;
        this.instanceDir = b.instanceDir.toAbsolutePath();
        this.httpPort = b.httpPort > 0 ? b.httpPort : freePort();
        this.managementPort = b.managementPort > 0 ? b.managementPort : freePort();
        this.realmFiles = List.copyOf(b.realmFiles);
        this.heap = b.heap;
        this.jvmOptions = b.jvmOptions;
        this.logFile = (b.logFile != null ? b.logFile : instanceDir.resolve("keycloak.log")).toAbsolutePath();
        this.systemProperties = new LinkedHashMap<>(b.systemProperties);
        this.adminUser = b.adminUser;
        this.adminPassword = b.adminPassword;
        this.stopOnJvmExit = b.stopOnJvmExit;
    }

    public static Builder builder(KeycloakDistribution distribution) {
        return new Builder(distribution);
    }

    /** Installs the distribution if needed, prepares the instance directory and starts kc.sh; does not wait. */
    public synchronized long launch() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running, pid " + pid);
        }
        Path dist = distribution.install();
        try {
            prepareInstance(dist);
            Files.createDirectories(logFile.getParent());
            ProcessBuilder pb = new ProcessBuilder(command(dist))
                    .directory(instanceDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Map<String, String> env = pb.environment();
            env.remove("JAVA_OPTS"); // would replace kc.sh's defaults including our heap
            env.put("JAVA", javaExecutable());
            env.put("JAVA_OPTS_KC_HEAP", heap);
            env.put("JAVA_OPTS_APPEND", jvmOptions);
            if (adminUser != null) {
                env.put("KC_BOOTSTRAP_ADMIN_USERNAME", adminUser);
                env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            }
            process = pb.start();
            pid = process.pid();
            if (stopOnJvmExit) {
                shutdownHook = new Thread(this::stopQuietly, "keycloak-stop-" + httpPort);
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            return pid;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Keycloak in " + instanceDir, e);
        }
    }

    /** {@link #launch()} and wait until the health endpoint and every imported realm answer. */
    public KeycloakServer start(Duration timeout) {
        launch();
        try {
            awaitReady(timeout);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        return this;
    }

    public KeycloakServer start() {
        return start(Duration.ofMinutes(3));
    }

    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(
                        "Keycloak exited with " + process.exitValue() + "; log " + logFile + ":\n" + tail(logFile, 40));
            }
            if (isReady()) {
                return;
            }
            Processes.sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException(
                "Keycloak not ready after " + timeout + "; log " + logFile + ":\n" + tail(logFile, 40));
    }

    /** Health says UP and every realm of the import files is served. */
    public boolean isReady() {
        if (!Health.httpOk(managementUrl() + "/health/ready")) {
            return false;
        }
        for (String realm : realmNames()) {
            if (!Health.httpOk(realmUrl(realm) + "/.well-known/openid-configuration")) {
                return false;
            }
        }
        return true;
    }

    public synchronized void stop() {
        if (pid > 0) {
            Processes.stop(pid, true, "-TERM", Duration.ofSeconds(30));
            if (process != null) {
                try {
                    process.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        process = null;
        pid = -1;
        shutdownHook = null;
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            // best effort at JVM exit
        }
    }

    @Override
    public void close() {
        stop();
    }

    public long pid() {
        return pid;
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public Path logFile() {
        return logFile;
    }

    public Path instanceDir() {
        return instanceDir;
    }

    /** http://localhost:PORT (the host name matters: it becomes the tokens' issuer). */
    public String url() {
        return "http://localhost:" + httpPort;
    }

    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    public String realmUrl(String realm) {
        return url() + "/realms/" + realm;
    }

    List<String> realmNames() {
        List<String> names = new ArrayList<>();
        for (Path f : realmFiles) {
            realmName(f).ifPresent(names::add);
        }
        return names;
    }

    static Optional<String> realmName(Path realmFile) {
        try {
            Matcher m = REALM_NAME.matcher(Files.readString(realmFile, StandardCharsets.UTF_8));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> command(Path dist) {
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid"); // own process group, and Ctrl-C in the launching terminal does not reach it
        cmd.add(dist.resolve("bin/kc.sh").toString());
        cmd.add("start-dev");
        cmd.add("-Dkc.home.dir=" + instanceDir);
        systemProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        // loopback only: demo users and the admin/admin bootstrap account must not be reachable from the network
        cmd.add("--http-host=127.0.0.1");
        cmd.add("--http-port=" + httpPort);
        cmd.add("--http-management-port=" + managementPort);
        cmd.addAll(KeycloakDistribution.BUILD_OPTIONS);
        // Since Keycloak 24 a brute-force-protected realm refuses a login while another one of the same user is in
        // progress, as "user_temporarily_disabled" without any failed attempt (keycloak#33527): parallel CLI calls and
        // test threads signing in as one demo user then fail at random. Failed logins still count and lock.
        cmd.add("--spi-brute-force-protector--default-brute-force-detector--allow-concurrent-requests=true");
        if (!realmFiles.isEmpty()) {
            cmd.add("--import-realm");
        }
        return cmd;
    }

    private void prepareInstance(Path dist) throws IOException {
        Files.createDirectories(instanceDir.resolve("data/import"));
        for (String shared : List.of("lib", "providers", "themes", "conf")) {
            link(instanceDir.resolve(shared), dist.resolve(shared));
        }
        for (Path realm : realmFiles) {
            Files.copy(
                    realm,
                    instanceDir.resolve("data/import").resolve(realm.getFileName()),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void link(Path link, Path target) throws IOException {
        if (Files.isSymbolicLink(link)) {
            if (Files.readSymbolicLink(link).equals(target)) {
                return;
            }
            Files.delete(link);
        } else if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            Trees.delete(link);
        }
        Files.createSymbolicLink(link, target);
    }

    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log)";
        }
    }

    /** Options of one server; unset ports are chosen free at build time. */
    public static final class Builder {
        private final KeycloakDistribution distribution;
        private Path instanceDir;
        private int httpPort;
        private int managementPort;
        private final List<Path> realmFiles = new ArrayList<>();
        private String heap = "-Xms64m -Xmx512m";
        private String jvmOptions = DEFAULT_JVM_OPTIONS;
        private Path logFile;
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private String adminUser;
        private String adminPassword;
        private boolean stopOnJvmExit = true;

        private Builder(KeycloakDistribution distribution) {
            this.distribution = distribution;
        }

        /** Keycloak's home for this server: its data (database, imports) lives here. Required. */
        public Builder instanceDir(Path dir) {
            this.instanceDir = dir;
            return this;
        }

        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        public Builder managementPort(int port) {
            this.managementPort = port;
            return this;
        }

        /** A realm JSON to import at start (existing realms are kept: Keycloak's IGNORE_EXISTING strategy). */
        public Builder realmFile(Path file) {
            this.realmFiles.add(file);
            return this;
        }

        /** JVM heap flags, default "-Xms64m -Xmx512m". */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        /** Appended to kc.sh's JVM options (JAVA_OPTS_APPEND); default {@value #DEFAULT_JVM_OPTIONS}. */
        public Builder jvmOptions(String options) {
            this.jvmOptions = options;
            return this;
        }

        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /** Extra -D flag; also how a launcher recognises its own process by command line. */
        public Builder systemProperty(String key, String value) {
            this.systemProperties.put(key, value);
            return this;
        }

        /** Temporary master-realm admin (Keycloak's bootstrap admin); for local use only. */
        public Builder bootstrapAdmin(String user, String password) {
            this.adminUser = user;
            this.adminPassword = password;
            return this;
        }

        /** Default true: a JVM shutdown hook stops the server. The local stack turns it off (it outlives the CLI). */
        public Builder stopOnJvmExit(boolean stop) {
            this.stopOnJvmExit = stop;
            return this;
        }

        public KeycloakServer build() {
            if (instanceDir == null) {
                throw new IllegalArgumentException("instanceDir is required");
            }
            return new KeycloakServer(this);
        }
    }
}
