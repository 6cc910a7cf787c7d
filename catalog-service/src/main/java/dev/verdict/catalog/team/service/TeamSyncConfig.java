package dev.verdict.catalog.team.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Keycloak group sync ({@code verdict.catalog.keycloak.*}). The catalog's service account
 * (client {@code catalog-service}, client-credentials) needs the realm-management roles {@code manage-users}
 * (create/delete groups, join/leave), {@code view-users} + {@code query-users} (find users, list members) and
 * {@code query-groups} (list groups); infra/keycloak/verdict-realm.json grants exactly these.
 */
@ConfigMapping(prefix = "verdict.catalog.keycloak")
public interface TeamSyncConfig {

    /** Sync catalog Groups and their User members to Keycloak groups. */
    @WithDefault("false")
    boolean syncEnabled();

    /** Keycloak base URL, e.g. http://localhost:8180 (without /realms/...); default: from quarkus.oidc.auth-server-url. */
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
