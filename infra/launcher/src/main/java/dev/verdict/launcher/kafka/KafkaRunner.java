package dev.verdict.launcher.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * The local stack's Kafka broker process: formats the KRaft log dir once (StorageTool, whose main would call
 * System.exit), then runs {@code kafka.Kafka} with the given server.properties.
 *
 * <p>Usage: {@code KafkaRunner SERVER_PROPERTIES}
 */
public final class KafkaRunner {

    private KafkaRunner() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KafkaRunner SERVER_PROPERTIES");
            System.exit(2);
        }
        String config = args[0];
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(config))) {
            p.load(in);
        }
        Path logDir = Path.of(p.getProperty("log.dirs"));
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            Files.createDirectories(logDir);
            int rc = StorageTool.execute(
                    new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config, "--ignore-formatted"},
                    System.out);
            if (rc != 0) {
                throw new IOException("kafka-storage format failed with " + rc);
            }
        }
        kafka.Kafka.main(new String[] {config});
    }
}
