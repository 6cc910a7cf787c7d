package dev.verdict.decisions.api;

import dev.verdict.events.Topics;
import dev.verdict.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.api.Git;

/**
 * An application whose git mirror has a remote (a new bare repository) and whose scheduled jobs run every second:
 * the git sync and the staleness job are proved by their schedule, not by direct calls. The bare repository's path is
 * published as the system property {@value #REMOTE_PROPERTY} for the tests (which run in another class loader).
 */
public class RemoteGitResource implements QuarkusTestResourceLifecycleManager {

    public static final String REMOTE_PROPERTY = "verdict.test.decisions.remote";

    @Override
    public Map<String, String> start() {
        for (String t : Topics.ALL) {
            TestKafka.get().createTopic(t, 1);
        }
        try {
            Path root = Files.createTempDirectory("verdict-decisions-remote-");
            Path bare = root.resolve("decisions.git");
            Git.init()
                    .setBare(true)
                    .setDirectory(bare.toFile())
                    .setInitialBranch("main")
                    .call()
                    .close();
            System.setProperty(REMOTE_PROPERTY, bare.toString());
            Map<String, String> config = new HashMap<>();
            config.put(
                    "verdict.decisions.git.repository", root.resolve("mirror").toString());
            config.put("verdict.decisions.git.remote", bare.toUri().toString());
            config.put("verdict.decisions.git.pull-every", "1s");
            config.put("verdict.decisions.git.pull-delay", "1s");
            config.put("verdict.decisions.git.timeout", "10s");
            config.put("verdict.decisions.staleness.every", "1s");
            config.put("verdict.decisions.staleness.delay", "1s");
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the test remote", e);
        }
    }

    @Override
    public void stop() {}
}
