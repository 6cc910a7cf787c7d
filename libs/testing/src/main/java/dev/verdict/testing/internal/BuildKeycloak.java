package dev.verdict.testing.internal;

import dev.verdict.runtime.keycloak.KeycloakDistribution;
import dev.verdict.runtime.keycloak.KeycloakServer;
import dev.verdict.runtime.proc.Health;
import dev.verdict.runtime.proc.Processes;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * One Keycloak for all the test JVMs of one build of a working copy, instead of one per JVM: a Keycloak start is
 * 20-35 s on this machine, and a full build has nine test JVMs that need one (issue #18: the suite's time).
 *
 * <p>The first JVM that needs it starts it detached ({@code target/test-keycloak/} of the working copy: instance,
 * log, {@code state.properties} with its pid and ports), under a file lock so that two JVMs never start two. Later
 * JVMs find it healthy and reuse it. Every JVM using it registers its pid in {@code users/}; a watchdog shell (also
 * detached) stops Keycloak's process group once none of them has been alive for {@link #LEASE}, so the server
 * outlives the gaps between modules but not the build. A server that is not healthy is stopped and started anew.
 *
 * <p>Realm changes of tests (users, group memberships, short-lived clients) are seen by later modules; the
 * {@code KeycloakAdmin} helpers are idempotent for that reason.
 */
public final class BuildKeycloak {

    /** How long the server stays up after the last JVM using it ended. */
    public static final Duration LEASE = Duration.ofMinutes(4);

    /** The server's ports. */
    public record Ports(int http, int management) {}

    private BuildKeycloak() {}

    /**
     * The build's Keycloak under {@code dir} (e.g. {@code <working copy>/target/test-keycloak}), started with
     * {@code realmFile} and the bootstrap admin if no healthy one runs; this JVM is registered as a user of it.
     */
    public static Ports acquire(Path dir, Path realmFile, String adminUser, String adminPassword) {
        try {
            Files.createDirectories(dir);
            try (FileChannel channel =
                            FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                Path stateFile = dir.resolve("state.properties");
                Properties state = read(stateFile);
                Ports ports = healthy(state);
                if (ports == null) {
                    stopRecorded(state);
                    ports = start(dir, realmFile, adminUser, adminPassword, stateFile);
                }
                Path users = dir.resolve("users");
                Files.createDirectories(users);
                Path me = users.resolve(Long.toString(ProcessHandle.current().pid()));
                if (!Files.exists(me)) {
                    Files.createFile(me);
                }
                return ports;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the build's Keycloak under " + dir, e);
        }
    }

    private static Ports healthy(Properties state) {
        if (state == null) {
            return null;
        }
        long pid = Long.parseLong(state.getProperty("pid", "-1"));
        int http = Integer.parseInt(state.getProperty("http", "-1"));
        int management = Integer.parseInt(state.getProperty("management", "-1"));
        if (pid <= 0
                || !Processes.isGroupAlive(pid)
                || !Health.httpOk("http://localhost:" + management + "/health/ready")
                || !Health.httpOk("http://localhost:" + http + "/realms/verdict/.well-known/openid-configuration")) {
            return null;
        }
        return new Ports(http, management);
    }

    private static void stopRecorded(Properties state) {
        if (state == null) {
            return;
        }
        long pid = Long.parseLong(state.getProperty("pid", "-1"));
        if (pid > 0 && Processes.isGroupAlive(pid)) {
            Processes.stop(pid, true, "-TERM", Duration.ofSeconds(30));
        }
    }

    private static Ports start(Path dir, Path realmFile, String adminUser, String adminPassword, Path stateFile)
            throws IOException {
        Path instance = dir.resolve("instance");
        dev.verdict.runtime.files.Trees.deleteQuietly(instance);
        KeycloakServer server = KeycloakServer.builder(KeycloakDistribution.defaults())
                .instanceDir(instance)
                .realmFile(realmFile)
                .bootstrapAdmin(adminUser, adminPassword)
                .stopOnJvmExit(false)
                .build();
        server.start(Duration.ofMinutes(4));
        watchdog(dir, server.pid());
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(server.pid()));
        p.setProperty("http", Integer.toString(server.httpPort()));
        p.setProperty("management", Integer.toString(server.managementPort()));
        p.setProperty("started", Instant.now().toString());
        try (Writer w = Files.newBufferedWriter(stateFile)) {
            p.store(w, "the build's test Keycloak (libs/testing BuildKeycloak)");
        }
        return new Ports(server.httpPort(), server.managementPort());
    }

    /**
     * A detached shell that stops the server's process group once no JVM registered in {@code users/} has been
     * alive for {@link #LEASE}, and ends when the group is gone. Detached (setsid, no inherited streams), so no
     * build or CI step waits for it.
     */
    private static void watchdog(Path dir, long pgid) throws IOException {
        String script = "idle=0; while kill -0 -- -\"$2\" 2>/dev/null; do alive=0;"
                + " for f in \"$1\"/*; do [ -e \"$f\" ] || continue; p=${f##*/};"
                + " if kill -0 \"$p\" 2>/dev/null; then alive=1; else rm -f \"$f\"; fi; done;"
                + " if [ $alive = 1 ]; then idle=0; else idle=$((idle + 5)); fi;"
                + " if [ $idle -gt \"$3\" ]; then kill -TERM -- -\"$2\" 2>/dev/null; sleep 30;"
                + " kill -KILL -- -\"$2\" 2>/dev/null; exit 0; fi; sleep 5; done";
        Files.createDirectories(dir.resolve("users"));
        new ProcessBuilder(List.of(
                        "setsid",
                        "bash",
                        "-c",
                        script,
                        "keycloak-watchdog",
                        dir.resolve("users").toString(),
                        Long.toString(pgid),
                        Long.toString(LEASE.toSeconds())))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("watchdog.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }

    private static Properties read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }
}
