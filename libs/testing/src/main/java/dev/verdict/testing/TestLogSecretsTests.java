package dev.verdict.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.runtime.secrets.SecretScan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * After a module's tests ran (a failsafe IT, so after surefire): the service's whole test log
 * ({@code target/quarkus-test.log}, from {@code %test.quarkus.log.file.*}) holds no token, password or client secret
 * ({@link SecretScan}). A service's {@code TestLogSecretsIT} extends this.
 */
public abstract class TestLogSecretsTests {

    @Test
    void theTestRunsLogHoldsNoTokenPasswordOrClientSecret() {
        List<Path> scanned = new ArrayList<>();
        List<String> findings = SecretScan.ofRealmFile(KeycloakResource.realmFile())
                .findInFiles(Path.of("target"), "quarkus-test.log", scanned);
        assertTrue(!scanned.isEmpty(), "no target/quarkus-test.log: run the module's tests first (mvn verify)");
        assertTrue(findings.isEmpty(), () -> "credentials in the test log:\n  " + String.join("\n  ", findings));
    }
}
