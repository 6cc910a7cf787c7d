package dev.verdict.catalog.team;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Keycloak group sync ({@code verdict.catalog.keycloak.*}). The catalog's service account
 * (client {@code catalog-service}, client-credentials) needs the realm-management roles
 * {@code manage-users}, {@code view-users} and {@code query-groups}.
 */
@ConfigMapping(prefix = "verdict.catalog.keycloak")
public interface TeamSyncConfig {

    /** Sync catalog Groups and their User members to Keycloak groups. */
    @WithDefault("false")
    boolean syncEnabled();

    /** Keycloak base URL, e.g. http://localhost:8180 (without /realms/...). */
    Optional<String> serverUrl();

    @WithDefault("verdict")
    String realm();

    @WithDefault("catalog-service")
    String clientId();

    Optional<String> clientSecret();

    /** Full re-sync period (changes to Groups and Users also trigger a sync right after commit). */
    @WithDefault("10m")
    Duration every();
}
