package dev.verdict.runtime.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeycloakServerTest {

    @TempDir
    Path tmp;

    @Test
    void commandUsesTheFixedBuildOptionsItsPortsAndOwnHome() {
        KeycloakServer s = KeycloakServer.builder(new KeycloakDistribution("1.0.0", tmp, tmp))
                .instanceDir(tmp.resolve("inst"))
                .httpPort(18180)
                .managementPort(19000)
                .realmFile(Path.of("../../infra/keycloak/verdict-realm.json"))
                .systemProperty("verdict.stack", "keycloak")
                .build();

        assertThat(s.command(tmp.resolve("dist")))
                .startsWith("setsid", tmp.resolve("dist/bin/kc.sh").toString(), "start-dev")
                .contains(
                        "-Dkc.home.dir=" + tmp.resolve("inst"),
                        "-Dverdict.stack=keycloak",
                        "--http-port=18180",
                        "--http-management-port=19000",
                        "--import-realm",
                        "--http-host=127.0.0.1")
                .containsAll(KeycloakDistribution.BUILD_OPTIONS);
        assertThat(s.realmUrl("verdict")).isEqualTo("http://localhost:18180/realms/verdict");
    }

    @Test
    void picksDistinctFreePortsWhenNoneAreGiven() {
        KeycloakServer s = KeycloakServer.builder(new KeycloakDistribution("1.0.0", tmp, tmp))
                .instanceDir(tmp)
                .build();
        assertThat(s.httpPort()).isPositive().isNotEqualTo(s.managementPort());
    }

    @Test
    void readsTheRealmNameOfTheImportFile() {
        assertThat(KeycloakServer.realmName(Path.of("../../infra/keycloak/verdict-realm.json")))
                .hasValue("verdict");
    }
}
