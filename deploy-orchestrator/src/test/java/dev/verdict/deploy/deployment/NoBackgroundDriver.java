package dev.verdict.deploy.deployment;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A test profile with the background deployment driver off: deployments stay where the test puts them (a test may
 * call {@code DeploymentDriver.round()} itself). Test classes of one profile share one application start.
 */
public class NoBackgroundDriver implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        // Its own Kafka Streams application id: two Quarkus apps of one test JVM that share the id (this one, then
        // the default profile's) left the second one's exactly-once producer refused by the broker
        // (OutOfOrderSequenceException on the changelog), and ExperimentFlowTest timed out waiting for its sums.
        return Map.of(
                "verdict.deploy.driver.enabled",
                "false",
                "quarkus.kafka-streams.application-id",
                "deploy-orchestrator-experiments-no-driver");
    }
}
