package dev.verdict.decisions.api;

import dev.verdict.events.Topics;
import dev.verdict.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Creates the platform's topics on the test broker before the application subscribes to them, and gives the test
 * JVM a fresh git mirror directory (a repository left by an earlier run would hold other decisions' files).
 */
public class TopicsResource implements QuarkusTestResourceLifecycleManager {

    private int partitions = 1;

    @Override
    public void init(Map<String, String> initArgs) {
        partitions = Integer.parseInt(initArgs.getOrDefault("partitions", "1"));
    }

    @Override
    public Map<String, String> start() {
        for (String t : Topics.ALL) {
            TestKafka.get().createTopic(t, partitions);
        }
        try {
            return Map.of(
                    "verdict.decisions.git.repository",
                    Files.createTempDirectory("verdict-decisions-git-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {}
}
