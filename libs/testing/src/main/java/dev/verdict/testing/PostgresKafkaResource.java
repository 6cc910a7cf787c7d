package dev.verdict.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Quarkus test resource: a real PostgreSQL and a real Kafka broker (both shared by the whole test JVM) for a
 * service's tests. Use {@code @WithTestResource(PostgresKafkaResource.class)}; pass
 * {@code initArgs = @ResourceArg(name = "database", value = "catalog")} to get a database of your own
 * (default {@value #DEFAULT_DATABASE}). Tests reach the servers with {@link #kafka()} and {@link #postgres()}, for
 * example to stop and restart the broker.
 */
public class PostgresKafkaResource implements QuarkusTestResourceLifecycleManager {

    public static final String DEFAULT_DATABASE = PostgresResource.DEFAULT_DATABASE;

    private String database = DEFAULT_DATABASE;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault(PostgresResource.DATABASE_ARG, DEFAULT_DATABASE);
    }

    @Override
    public Map<String, String> start() {
        // Both servers start at once: their start-up is mostly waiting (unpack, initdb, raft election).
        CompletableFuture<TestKafka> kafka = CompletableFuture.supplyAsync(PostgresKafkaResource::kafka);
        Map<String, String> config = new HashMap<>(PostgresResource.datasourceConfig(database));
        try {
            TestKafka k = kafka.join();
            // A previous test class may have stopped the broker and failed before restarting it.
            k.start();
            config.put("kafka.bootstrap.servers", k.bootstrapServers());
            // Kafka Streams' local state belongs to this JVM's broker: state left by an earlier run against another
            // broker would be taken for current (its changelogs are gone) and count everything again
            config.put(
                    "kafka-streams.state.dir",
                    "target/kafka-streams-" + ProcessHandle.current().pid());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
        }
        return config;
    }

    @Override
    public void stop() {
        // Nothing: the servers live as long as the JVM (shutdown hooks), so later test classes reuse them.
    }

    /** The JVM's Kafka broker (started if needed). */
    public static TestKafka kafka() {
        return TestKafka.get();
    }

    /** The JVM's PostgreSQL (started if needed). */
    public static TestPostgres postgres() {
        return TestPostgres.get();
    }
}
