package dev.verdict.testing.internal;

import dev.verdict.runtime.files.Trees;
import dev.verdict.runtime.kafka.KafkaBrokerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node KRaft Kafka (broker and controller combined, the same {@code KafkaRaftServer} that
 * {@code kafka.Kafka} runs) inside this JVM, on two loopback ports chosen once and kept for its whole life, with a
 * log directory kept across restarts. That is what lets a test stop the broker mid-work and start it again at the
 * same bootstrap address with every committed record still there. (KafkaClusterTestKit 4.1.2 binds its listeners
 * through pre-bound sockets of its own and cannot restart a node on the same port.)
 */
final class KafkaBroker {

    private static final long READY_TIMEOUT_MS = 60_000;
    private static final String DIR_PREFIX = "verdict-kafka-";
    private static final String OWNER_FILE = "owner.pid";

    /** The broker's own log categories (not the clients'): thousands of INFO lines per start otherwise. */
    private static final List<String> SERVER_LOG_CATEGORIES = List.of(
            "kafka",
            "state.change.logger",
            "org.apache.kafka.controller",
            "org.apache.kafka.coordinator",
            "org.apache.kafka.image",
            "org.apache.kafka.metadata",
            "org.apache.kafka.network",
            "org.apache.kafka.queue",
            "org.apache.kafka.raft",
            "org.apache.kafka.security",
            "org.apache.kafka.server",
            "org.apache.kafka.snapshot",
            "org.apache.kafka.storage");
    /** Strong references: java.util.logging forgets the level of a logger that is garbage collected. */
    private static final List<Logger> QUIETED = new ArrayList<>();

    private final Path dir;
    private final Path configFile;
    private final Properties config;
    private final String bootstrapServers;
    private KafkaRaftServer server;
    private long lastStartMillis;

    private KafkaBroker(Path dir, int brokerPort, int controllerPort) {
        this.dir = dir;
        this.configFile = dir.resolve("server.properties");
        this.bootstrapServers = "127.0.0.1:" + brokerPort;
        this.config = new Properties();
        // The local stack's single-node KRaft settings (one place for them), with the tests' differences on top.
        config.putAll(new KafkaBrokerConfig(brokerPort, controllerPort, dir.resolve("logs")).properties());
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        // Few partitions keep the first group/transaction fast.
        config.put("offsets.topic.num.partitions", "5");
        config.put("transaction.state.log.num.partitions", "5");
        config.put("default.replication.factor", "1");
        config.put("num.partitions", "1");
        // Small footprint on a shared 2-core machine.
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "4");
        config.put("background.threads", "4");
        config.put("log.cleaner.dedupe.buffer.size", "2097152");
        config.put("log.cleaner.threads", "1");
    }

    static KafkaBroker startShared() {
        quietServerLogs();
        deleteOrphanedDirectories();
        // Ports are chosen free and then bound by Kafka: another process may grab one in between, so retry a few times.
        RuntimeException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            KafkaBroker broker = null;
            try {
                Path dir = Files.createTempDirectory(DIR_PREFIX);
                Files.writeString(
                        dir.resolve(OWNER_FILE),
                        Long.toString(ProcessHandle.current().pid()));
                broker = new KafkaBroker(dir, Ports.free(), Ports.free());
                broker.format();
                broker.start();
                KafkaBroker started = broker;
                Runtime.getRuntime().addShutdownHook(new Thread(started::shutdownAndDelete, "verdict-kafka-stop"));
                return started;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                last = e;
                if (broker != null) {
                    broker.shutdownAndDelete();
                }
            }
        }
        throw last;
    }

    /** Level of the broker's log categories: system property {@code verdict.testing.kafka.log-level}, default WARNING. */
    private static void quietServerLogs() {
        Level level = Level.parse(System.getProperty("verdict.testing.kafka.log-level", "WARNING"));
        for (String category : SERVER_LOG_CATEGORIES) {
            Logger logger = Logger.getLogger(category);
            logger.setLevel(level);
            QUIETED.add(logger);
        }
    }

    Map<String, Object> handle() {
        Map<String, Object> handle = new HashMap<>();
        handle.put("bootstrapServers", bootstrapServers);
        handle.put("dataDir", dir.toString());
        handle.put("start", (Function<Object, Object>) ignored -> start());
        handle.put("stop", (Function<Object, Object>) ignored -> stop());
        handle.put("running", (Function<Object, Object>) ignored -> isRunning());
        handle.put("lastStartMillis", (Function<Object, Object>) ignored -> lastStartMillis());
        return Map.copyOf(handle);
    }

    private void format() throws IOException {
        try (OutputStream out = Files.newOutputStream(configFile)) {
            config.store(out, "verdict-testing single-node KRaft broker");
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        // StorageTool.main would System.exit; execute returns a status instead.
        int status = StorageTool.execute(
                new String[] {
                    "format", "-t", Uuid.randomUuid().toString(), "-c", configFile.toString(), "--ignore-formatted"
                },
                new PrintStream(log, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IllegalStateException(
                    "kafka-storage format failed (" + status + "): " + log.toString(StandardCharsets.UTF_8));
        }
    }

    /** Starts the broker (again) with the same ports and log directory; returns once it serves metadata. */
    synchronized Long start() {
        if (server != null) {
            return lastStartMillis;
        }
        long t0 = System.nanoTime();
        KafkaRaftServer s = Registry.inOwnLoader(() -> {
            KafkaRaftServer candidate = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
            try {
                candidate.startup();
                awaitReady();
                return candidate;
            } catch (RuntimeException | Error e) {
                candidate.shutdown();
                candidate.awaitShutdown();
                throw e;
            }
        });
        server = s;
        lastStartMillis = (System.nanoTime() - t0) / 1_000_000;
        System.err.printf("[verdict-testing] Kafka started at %s in %d ms%n", bootstrapServers, lastStartMillis);
        return lastStartMillis;
    }

    /** Shuts the broker down cleanly (clients then see connection failures); data and ports stay for start(). */
    synchronized Long stop() {
        if (server == null) {
            return 0L;
        }
        long t0 = System.nanoTime();
        KafkaRaftServer s = server;
        Registry.inOwnLoader(() -> {
            s.shutdown();
            s.awaitShutdown();
            return null;
        });
        server = null;
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.err.printf("[verdict-testing] Kafka at %s stopped in %d ms%n", bootstrapServers, millis);
        return millis;
    }

    private synchronized Boolean isRunning() {
        return server != null;
    }

    private synchronized Long lastStartMillis() {
        return lastStartMillis;
    }

    private void awaitReady() {
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        try (Admin admin = Admin.create(adminConfig)) {
            while (true) {
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("Kafka at " + bootstrapServers + " not ready", notYet);
                    }
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("Kafka at " + bootstrapServers + " has no live broker");
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    /**
     * A JVM killed with -9 leaves its broker's temp directory behind (the broker itself died with the JVM): delete
     * the directories whose owner process is gone.
     */
    private static void deleteOrphanedDirectories() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            dirs.filter(d -> d.getFileName().toString().startsWith(DIR_PREFIX))
                    .filter(d -> !ownerAlive(d))
                    .forEach(Trees::deleteQuietly);
        } catch (IOException | RuntimeException e) {
            System.err.println("[verdict-testing] could not clean old Kafka directories: " + e);
        }
    }

    private static boolean ownerAlive(Path dir) {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve(OWNER_FILE)).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            // No owner file yet: maybe being created right now by another JVM; leave it unless it is old.
            return dir.toFile().lastModified() > System.currentTimeMillis() - 3_600_000;
        }
    }

    private void shutdownAndDelete() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("[verdict-testing] Kafka shutdown failed: " + e);
        }
        Trees.deleteQuietly(dir);
    }
}
