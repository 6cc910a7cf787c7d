package dev.verdict.testing;

import dev.verdict.testing.internal.Registry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The JVM's real Kafka broker for tests (single-node KRaft, in-process): started lazily on first use on a random
 * loopback port, stopped by a shutdown hook. {@link #stop()} and {@link #start()} let a test take the broker away in
 * the middle of work and bring it back at the same {@link #bootstrapServers()} with its data intact. Every class
 * loader (plain JUnit, every Quarkus app) sees the same broker.
 */
public final class TestKafka {

    private static volatile TestKafka instance;

    private final Map<String, Object> handle;

    private TestKafka(Map<String, Object> handle) {
        this.handle = handle;
    }

    /** The running broker, started on first call (~2-5 s). */
    public static TestKafka get() {
        TestKafka k = instance;
        if (k == null) {
            synchronized (TestKafka.class) {
                k = instance;
                if (k == null) {
                    k = new TestKafka(Registry.lookup("kafka"));
                    instance = k;
                }
            }
        }
        return k;
    }

    /** {@code 127.0.0.1:<port>}; the same before and after {@link #stop()}/{@link #start()}. */
    public String bootstrapServers() {
        return (String) handle.get("bootstrapServers");
    }

    /** Clean shutdown of the broker; blocks until it is down. Idempotent. Returns the milliseconds it took. */
    public long stop() {
        return (Long) Registry.call(handle, "stop", null);
    }

    /**
     * Starts the broker again with the same address and log directory and waits until it serves metadata.
     * Idempotent. Returns the milliseconds the (last) start took.
     */
    public long start() {
        return (Long) Registry.call(handle, "start", null);
    }

    public boolean isRunning() {
        return (Boolean) Registry.call(handle, "running", null);
    }

    /** Creates a topic (replication factor 1) unless it exists; waits for the broker to acknowledge it. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topic " + name, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topic " + name, e);
        }
    }

    /** An admin client on this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Milliseconds the last (re)start of the broker took. */
    public long lastStartMillis() {
        return (Long) Registry.call(handle, "lastStartMillis", null);
    }
}
