package dev.verdict.launcher.kafka;

import dev.verdict.launcher.stack.Component;
import dev.verdict.launcher.stack.StackContext;
import dev.verdict.launcher.stack.StackPorts;
import dev.verdict.runtime.kafka.KafkaBrokerConfig;
import dev.verdict.runtime.proc.Health;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Kafka of the local stack: {@link KafkaRunner} in its own JVM, KRaft single node, data in .verdict/kafka. */
public final class KafkaComponent extends Component {

    /** The platform's topics (ARCHITECTURE.md); created with 3 partitions so consumer groups can spread. */
    public static final List<String> TOPICS = List.of(
            "verdict.catalog.v1",
            "verdict.deploy.v1",
            "verdict.experiments.v1",
            "verdict.benchmarks.v1",
            "verdict.telemetry.v1",
            "verdict.decisions.v1");

    public KafkaComponent() {
        super("kafka");
    }

    @Override
    public int port() {
        return StackPorts.KAFKA;
    }

    @Override
    public String address() {
        return "localhost:" + port();
    }

    @Override
    public boolean healthy(StackContext ctx) {
        return Health.tcpOpen("127.0.0.1", port());
    }

    @Override
    public long launch(StackContext ctx) throws IOException {
        KafkaBrokerConfig config = new KafkaBrokerConfig(
                port(), StackPorts.KAFKA_CONTROLLER, ctx.layout().kafkaDir().resolve("data"));
        Files.createDirectories(ctx.layout().kafkaDir());
        var props = ctx.layout().kafkaDir().resolve("server.properties");
        Files.writeString(props, config.asText());
        List<String> cmd = new ArrayList<>(List.of(ctx.java(), "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC"));
        cmd.addAll(ctx.marker(name()));
        cmd.addAll(List.of("-cp", ctx.launcherClasspath(), KafkaRunner.class.getName(), props.toString()));
        return ctx.startDetached(name(), cmd, Map.of(), ctx.layout().kafkaDir());
    }

    @Override
    public Duration readyTimeout() {
        return Duration.ofSeconds(90);
    }

    /** Creates the missing topics; the Admin call also proves the broker serves requests, not just the port. */
    @Override
    public void afterReady(StackContext ctx) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                address(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                "60000",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                "10000"))) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = TOPICS.stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, 3, (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("kafka: could not create topics: " + e.getMessage(), e);
        }
    }
}
