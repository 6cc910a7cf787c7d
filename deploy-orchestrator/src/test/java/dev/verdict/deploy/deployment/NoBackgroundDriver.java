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
        return Map.of("verdict.deploy.driver.enabled", "false");
    }
}
