package dev.verdict.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged Verdict service ({@code <module>/target/quarkus-app/quarkus-run.jar}) as a real OS process against
 * the JVM's test servers: its own database on {@link TestPostgres}, {@link TestKafka}, the test Keycloak with the
 * service's realm client, as {@code ./verdict up} starts it (the same {@code VERDICT_*} variables). For tests that
 * need several services talking to each other over HTTP (the portal's browser tests) or a service to kill.
 */
public final class TestService implements AutoCloseable {

    private final String name;
    private final Process process;
    private final String url;
    private final Path log;
    private final Duration readyWithin;

    private TestService(String name, Process process, String url, Path log, Duration readyWithin) {
        this.name = name;
        this.process = process;
        this.url = url;
        this.log = log;
        this.readyWithin = readyWithin;
    }

    /** The settings of one start; {@link #start()} runs it. */
    public static final class Spec {
        private final String name;
        private final Path jar;
        private String database;
        private String oidcClient;
        private int port;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvm = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC"));
        private Path logDir = Path.of("target");
        private Duration readyWithin = Duration.ofSeconds(120);

        private Spec(String name, Path jar) {
            this.name = name;
            this.jar = jar;
            this.oidcClient = name;
        }

        /** A database of this name, created on {@link TestPostgres} if missing, as {@code VERDICT_DB_URL}. */
        public Spec database(String db) {
            this.database = db;
            return this;
        }

        /** The realm's confidential client of the service (default: its name); null for none (the portal). */
        public Spec oidcClient(String client) {
            this.oidcClient = client;
            return this;
        }

        /** A fixed HTTP port (default: a free one). */
        public Spec port(int p) {
            this.port = p;
            return this;
        }

        public Spec env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Spec jvm(String option) {
            jvm.add(option);
            return this;
        }

        public Spec logDir(Path dir) {
            this.logDir = dir;
            return this;
        }

        /** Launches the process and waits until it is ready. */
        public TestService start() {
            return launch().ready();
        }

        /**
         * Launches the process without waiting: {@link #ready()} waits. Services launched together boot side by
         * side, which on two cores takes less wall time than one after the other (their start-up waits on I/O and
         * single threads), so a test that needs several launches them all before it waits for any.
         */
        public TestService launch() {
            return TestService.launch(this);
        }
    }

    /** Launches every service, then waits until all are ready; if one fails, stops those launched and rethrows. */
    public static List<TestService> startAll(List<Spec> specs) {
        List<TestService> launched = new ArrayList<>();
        try {
            for (Spec s : specs) {
                launched.add(s.launch());
            }
            for (TestService t : launched) {
                t.ready();
            }
            return launched;
        } catch (RuntimeException e) {
            launched.forEach(TestService::kill);
            throw e;
        }
    }

    /** Waits until {@code /q/health/ready} answers 200 (within the spec's time); returns this. */
    public TestService ready() {
        awaitReady(readyWithin);
        return this;
    }

    /** A service from its module directory, e.g. {@code ../catalog-service}. */
    public static Spec of(String name, Path moduleDir) {
        return new Spec(name, moduleDir.resolve("target/quarkus-app/quarkus-run.jar"));
    }

    private static TestService launch(Spec s) {
        if (!Files.isRegularFile(s.jar)) {
            throw new IllegalStateException(s.jar + " is missing: package " + s.name + " first (./mvnw -B package -pl "
                    + s.name + " -am -DskipTests)");
        }
        try {
            int port = s.port == 0 ? freePort() : s.port;
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.addAll(s.jvm);
            cmd.add("-Dquarkus.http.port=" + port);
            cmd.add("-jar");
            cmd.add(s.jar.toAbsolutePath().toString());
            ProcessBuilder pb = new ProcessBuilder(cmd);
            Map<String, String> env = pb.environment();
            if (s.database != null) {
                env.put("VERDICT_DB_URL", TestPostgres.get().createDatabase(s.database));
                env.put("VERDICT_DB_USER", TestPostgres.get().username());
                env.put("VERDICT_DB_PASSWORD", TestPostgres.get().password());
            }
            env.put("VERDICT_KAFKA_BOOTSTRAP", TestKafka.get().bootstrapServers());
            env.put("VERDICT_OIDC_URL", KeycloakResource.realmUrl());
            if (s.oidcClient != null) {
                env.put("VERDICT_OIDC_CLIENT_ID", s.oidcClient);
                env.put("VERDICT_OIDC_CLIENT_SECRET", s.oidcClient + "-secret"); // demo-only secrets of the realm
                env.put("QUARKUS_OIDC_CREDENTIALS_SECRET", s.oidcClient + "-secret");
            }
            env.putAll(s.env);
            Files.createDirectories(s.logDir);
            Path log = s.logDir.resolve(s.name + ".log");
            Process p =
                    pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
            return new TestService(s.name, p, "http://localhost:" + port, log, s.readyWithin);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + s.name, e);
        }
    }

    public String name() {
        return name;
    }

    /** {@code http://localhost:<port>}. */
    public String url() {
        return url;
    }

    public Path log() {
        return log;
    }

    public Process process() {
        return process;
    }

    /** SIGKILL, no shutdown hooks; waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** A clean stop (SIGTERM, Quarkus's shutdown), waiting at most 30 s before SIGKILL. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    private void waitFor() {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Duration within) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                int status = http.send(
                                HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name, e);
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name, e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " not ready within " + within + "; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
