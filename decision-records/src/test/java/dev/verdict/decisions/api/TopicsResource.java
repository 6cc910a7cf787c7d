package dev.verdict.decisions.api;

import dev.verdict.events.Topics;
import dev.verdict.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Creates the platform's topics on the test broker before the application subscribes to them. */
public class TopicsResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        for (String t : Topics.ALL) {
            TestKafka.get().createTopic(t, 1);
        }
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
