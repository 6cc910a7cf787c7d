package dev.verdict.catalog.team;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.catalog.team.service.KeycloakGroupSync;
import dev.verdict.catalog.team.service.TeamSyncConfig;
import dev.verdict.problem.ProblemException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A sync asked for without a Keycloak URL or secret is a 503 problem that names the keys to set (was a 500). */
class TeamSyncUnconfiguredTest {

    private static TeamSyncConfig config(Optional<String> url, Optional<String> secret) {
        return new TeamSyncConfig() {
            public boolean syncEnabled() {
                return true;
            }

            public Optional<String> serverUrl() {
                return url;
            }

            public String realm() {
                return "verdict";
            }

            public String clientId() {
                return "catalog-service";
            }

            public Optional<String> clientSecret() {
                return secret;
            }

            public Duration every() {
                return Duration.ofMinutes(10);
            }
        };
    }

    @Test
    void withoutSecretOrUrlTheSyncIsA503NamingTheKeys() {
        for (KeycloakGroupSync sync : new KeycloakGroupSync[] {
            new KeycloakGroupSync(null, config(Optional.of("http://localhost:1"), Optional.empty()), Optional.empty()),
            new KeycloakGroupSync(null, config(Optional.empty(), Optional.of("s")), Optional.empty())
        }) {
            assertThatThrownBy(sync::sync).isInstanceOfSatisfying(ProblemException.class, e -> {
                org.assertj.core.api.Assertions.assertThat(e.problem().status()).isEqualTo(503);
                org.assertj.core.api.Assertions.assertThat(e.problem().detail())
                        .contains("verdict.catalog.keycloak.server-url", "verdict.catalog.keycloak.client-secret");
            });
        }
    }
}
