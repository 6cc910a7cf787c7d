package dev.verdict.decisions.bench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The service as it would run for the ingest benchmark: two consumer loops on a four-partition topic. */
public class BenchProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "verdict.decisions.consumers.threads",
                System.getProperty("bench.consumers", "2"),
                "quarkus.log.category.\"dev.verdict.outbox\".level",
                "WARN");
    }
}
