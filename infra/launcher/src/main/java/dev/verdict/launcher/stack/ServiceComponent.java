package dev.verdict.launcher.stack;

import dev.verdict.launcher.postgres.PostgresComponent;
import dev.verdict.runtime.proc.Health;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Quarkus service jar (target/quarkus-app) in the prod profile, pointed at the stack by the VERDICT_* variables
 * every service reads (ARCHITECTURE.md, team contract).
 */
public final class ServiceComponent extends Component {

    private final ServiceModule module;

    public ServiceComponent(ServiceModule module) {
        super(module.name());
        this.module = module;
    }

    public ServiceModule module() {
        return module;
    }

    @Override
    public int port() {
        return module.port();
    }

    @Override
    public String address() {
        return "http://localhost:" + port();
    }

    @Override
    public boolean healthy(StackContext ctx) {
        return Health.httpOk("http://localhost:" + port() + "/q/health/ready");
    }

    /** The environment a service gets; public for the README and tests. */
    public static Map<String, String> environment(ServiceModule m) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(m.port()));
        // two glibc malloc arenas instead of up to 8 per core: the native part of RSS (docs/performance.md, #15)
        env.put("MALLOC_ARENA_MAX", "2");
        if (m.database() != null) {
            env.put("VERDICT_DB_URL", m.jdbcUrl(StackPorts.POSTGRES));
            env.put("VERDICT_DB_USER", PostgresComponent.USER);
            env.put("VERDICT_DB_PASSWORD", PostgresComponent.PASSWORD);
        }
        env.put("VERDICT_KAFKA_BOOTSTRAP", "localhost:" + StackPorts.KAFKA);
        env.put("VERDICT_OIDC_URL", KeycloakComponent.realmUrl());
        // the realm's confidential client of this service (none for the portal); demo-only secrets
        if (!m.name().equals("ui")) {
            env.put("VERDICT_OIDC_CLIENT_ID", m.name());
            env.put("VERDICT_OIDC_CLIENT_SECRET", m.name() + "-secret");
        }
        if (m.name().equals("deploy-orchestrator")) {
            // the process target: instances under the stack's state directory (the service runs in its module dir),
            // the router on the demo port, 2 s router intervals so a 1-minute analysis has 30 points per side,
            // instances stopped with the stack, and light demo traffic through the router
            env.put("VERDICT_DEPLOY_WORK_DIR", "../.verdict/deploy");
            env.put("VERDICT_DEPLOY_ROUTER_PORT", Integer.toString(StackPorts.DEMO_ROUTER));
            env.put("VERDICT_DEPLOY_RECORD_INTERVAL", "2s");
            env.put("VERDICT_DEPLOY_STOP_ON_SHUTDOWN", "true");
            env.put(
                    "VERDICT_DEPLOY_DEMO_LOAD_URL",
                    "http://127.0.0.1:" + StackPorts.DEMO_ROUTER + "/api/payments/quote");
            env.put("VERDICT_DEPLOY_DEMO_LOAD_RPS", "30");
            // simulated shoppers in the demo experiment (infra/demo/experiments), analysed every 15 s
            env.put("VERDICT_DEPLOY_DEMO_SHOPPERS", "20");
            env.put("VERDICT_EXPERIMENTS_ANALYSIS_EVERY", "15s");
        }
        for (ServiceModule other : ServiceModule.KNOWN) {
            env.put(
                    "VERDICT_" + other.name().replace('-', '_').toUpperCase(java.util.Locale.ROOT) + "_URL",
                    "http://localhost:" + other.port());
        }
        return env;
    }

    @Override
    public long launch(StackContext ctx) throws IOException {
        // full JIT (no C1-only start-up trick as for Keycloak): infra/bench load-tests these processes
        List<String> cmd = new ArrayList<>(List.of(ctx.java()));
        cmd.addAll(module.jvmFlags());
        // VERDICT_<SERVICE>_JAVA_OPTS (e.g. VERDICT_CATALOG_SERVICE_JAVA_OPTS="-Xmx128m -XX:+UseSerialGC"): the JVM
        // takes the last of repeated flags, so these override the defaults above (memory measurements, tuning)
        String opts = System.getenv(
                "VERDICT_" + module.name().replace('-', '_').toUpperCase(java.util.Locale.ROOT) + "_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            cmd.addAll(List.of(opts.trim().split("\\s+")));
        }
        cmd.addAll(ctx.marker(name()));
        cmd.addAll(List.of("-jar", module.runnerJar(ctx.layout().root()).toString()));
        return ctx.startDetached(
                name(), cmd, environment(module), ctx.layout().root().resolve(module.moduleDir()));
    }
}
