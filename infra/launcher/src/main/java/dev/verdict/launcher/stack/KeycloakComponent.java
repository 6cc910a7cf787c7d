package dev.verdict.launcher.stack;

import dev.verdict.runtime.keycloak.KeycloakDistribution;
import dev.verdict.runtime.keycloak.KeycloakServer;
import dev.verdict.runtime.proc.Health;
import java.time.Duration;

/** Keycloak of the local stack: {@link KeycloakServer} on 8180 (management 9000), instance in .verdict/keycloak. */
public final class KeycloakComponent extends Component {

    public static final String REALM = "verdict";

    /** The stack's realm, as services, the CLI's token calls and the demo loader reach it. */
    public static String realmUrl() {
        return "http://localhost:" + StackPorts.KEYCLOAK + "/realms/" + REALM;
    }

    public KeycloakComponent() {
        super("keycloak");
    }

    @Override
    public int port() {
        return StackPorts.KEYCLOAK;
    }

    @Override
    public String address() {
        return "http://localhost:" + port() + "/realms/" + REALM + " (admin console http://localhost:" + port()
                + "/admin, user admin / admin: demo only)";
    }

    @Override
    public boolean healthy(StackContext ctx) {
        return Health.httpOk("http://localhost:" + StackPorts.KEYCLOAK_MANAGEMENT + "/health/ready")
                && Health.httpOk(
                        "http://localhost:" + port() + "/realms/" + REALM + "/.well-known/openid-configuration");
    }

    @Override
    public long launch(StackContext ctx) {
        KeycloakDistribution dist = KeycloakDistribution.defaults();
        KeycloakServer.Builder b = KeycloakServer.builder(dist)
                .instanceDir(ctx.layout().keycloakInstance())
                .httpPort(port())
                .managementPort(StackPorts.KEYCLOAK_MANAGEMENT)
                .realmFile(ctx.layout().realmFile())
                .logFile(ctx.layout().log(name()))
                .heap("-Xms64m -Xmx512m")
                .bootstrapAdmin("admin", "admin")
                .stopOnJvmExit(false);
        for (String marker : ctx.marker(name())) {
            String kv = marker.substring(2);
            int eq = kv.indexOf('=');
            b.systemProperty(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return b.build().launch();
    }

    @Override
    public boolean stopsByGroup() {
        return true; // kc.sh runs java as its child
    }

    @Override
    public Duration readyTimeout() {
        return Duration.ofMinutes(4);
    }
}
