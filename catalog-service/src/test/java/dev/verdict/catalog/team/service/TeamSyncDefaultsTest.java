package dev.verdict.catalog.team.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shipped application.properties: group sync is on for the local stack (%prod), off elsewhere, env wins. */
class TeamSyncDefaultsTest {

    private static SmallRyeConfig config(String profile, Map<String, String> env) throws IOException {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(
                        TeamSyncDefaultsTest.class.getClassLoader().getResource("application.properties")))
                .withSources(new PropertiesConfigSource(env, "env", 300))
                .build();
    }

    private static boolean syncEnabled(SmallRyeConfig c) {
        return c.getValue("verdict.catalog.keycloak.sync-enabled", Boolean.class);
    }

    @Test
    void syncIsOnInProdAndOffInDevAndTestUnlessTheEnvironmentSaysOtherwise() throws IOException {
        assertThat(syncEnabled(config("prod", Map.of()))).isTrue();
        assertThat(syncEnabled(config("prod", Map.of("VERDICT_KEYCLOAK_SYNC", "false"))))
                .isFalse();
        assertThat(syncEnabled(config("dev", Map.of()))).isFalse();
        assertThat(syncEnabled(config("test", Map.of()))).isFalse();
        assertThat(syncEnabled(config("dev", Map.of("VERDICT_KEYCLOAK_SYNC", "true"))))
                .isTrue();
    }

    @Test
    void adminClientDefaultsToThisServicesOidcClientAndTheLaunchersSecret() throws IOException {
        SmallRyeConfig prod = config("prod", Map.of("VERDICT_OIDC_CLIENT_SECRET", "catalog-service-secret"));
        assertThat(prod.getValue("verdict.catalog.keycloak.client-id", String.class))
                .isEqualTo("catalog-service");
        assertThat(prod.getOptionalValue("verdict.catalog.keycloak.client-secret", String.class))
                .hasValue("catalog-service-secret");
        assertThat(prod.getOptionalValue("verdict.catalog.keycloak.server-url", String.class))
                .isEmpty();
        assertThat(config("prod", Map.of()).getOptionalValue("verdict.catalog.keycloak.client-secret", String.class))
                .isEqualTo(Optional.empty());
        assertThat(KeycloakGroupSync.baseUrl("http://localhost:18180/realms/verdict"))
                .isEqualTo("http://localhost:18180");
    }
}
