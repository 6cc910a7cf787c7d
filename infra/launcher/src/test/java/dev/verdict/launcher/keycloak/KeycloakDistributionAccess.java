package dev.verdict.launcher.keycloak;

import java.io.IOException;
import java.nio.file.Path;

/** Test access to package-private helpers. */
public final class KeycloakDistributionAccess {
    private KeycloakDistributionAccess() {
    }

    public static void deleteTree(Path dir) throws IOException {
        KeycloakDistribution.deleteTree(dir);
    }
}
