package dev.verdict.launcher.stack;

import dev.verdict.launcher.demo.DemoData;
import dev.verdict.launcher.demo.DemoDeploy;
import dev.verdict.launcher.demo.DemoExperiment;
import dev.verdict.launcher.kafka.KafkaComponent;
import dev.verdict.launcher.postgres.PostgresComponent;
import dev.verdict.runtime.keycloak.KeycloakDistribution;
import dev.verdict.runtime.proc.Health;
import dev.verdict.runtime.proc.Processes;
import dev.verdict.runtime.secrets.SecretScan;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The local stack: PostgreSQL, Kafka, Keycloak, then every service module of the reactor. Knows which of its
 * processes run by pid files checked against the live process' command line, so {@code up} is idempotent and
 * recovers from crashes, and {@code down} stops only what it started.
 */
public final class Stack {

    private final StackContext ctx;
    private final PrintStream out;
    private final Set<String> skipped;

    public Stack(StackLayout layout, PrintStream out) {
        this(layout, out, skipList(System.getenv("VERDICT_STACK_SKIP")));
    }

    Stack(StackLayout layout, PrintStream out, Set<String> skipped) {
        this.ctx = new StackContext(layout);
        this.out = out;
        this.skipped = skipped;
    }

    public StackContext context() {
        return ctx;
    }

    private StackLayout layout() {
        return ctx.layout();
    }

    /** Start stages: each stage's components are launched together, then awaited in order. */
    List<List<Component>> stages(List<ServiceModule> services) {
        List<Component> svc =
                services.stream().<Component>map(ServiceComponent::new).toList();
        // The infrastructure has no dependencies among itself (Keycloak keeps its own H2), so its three processes
        // are launched together and awaited in order; Keycloak, the slowest, sets the pace.
        return List.of(List.of(new PostgresComponent(), new KafkaComponent(), new KeycloakComponent()), svc);
    }

    /** The stages that {@code up} starts: without the components named in VERDICT_STACK_SKIP. */
    private List<List<Component>> stagesToStart(List<ServiceModule> services) {
        return stages(services).stream()
                .map(stage ->
                        stage.stream().filter(c -> !skipped.contains(c.name())).toList())
                .toList();
    }

    /** Comma-separated component names; e.g. "keycloak" when the services use a Keycloak that runs elsewhere. */
    static Set<String> skipList(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Every component that may run, in start order (services of all known modules, present or not). */
    List<Component> allComponents() {
        return stages(ServiceModule.KNOWN).stream().flatMap(List::stream).toList();
    }

    public void up(boolean build) {
        long t0 = System.nanoTime();
        withLock(() -> {
            if (!skipped.contains("keycloak")) {
                prepareKeycloakInBackground();
            }
            List<ServiceModule> services = ServiceModule.present(layout().rootPom()).stream()
                    .filter(m -> !skipped.contains(m.name()))
                    .toList();
            List<List<Component>> stages = stagesToStart(services);
            // The infrastructure boots while the service jars build (the build is the longest step of a cold up);
            // a failed build leaves it running, and the next up reuses it.
            // Launched from threads: Keycloak's launch waits for a first-time install, which must not hold the build.
            List<CompletableFuture<Void>> launches = stages.get(0).stream()
                    .map(c -> CompletableFuture.runAsync(() -> ensureStarted(c)))
                    .toList();
            List<ServiceModule> runnable = build ? buildServices(services) : withJars(services);
            for (CompletableFuture<Void> launch : launches) {
                try {
                    launch.join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
            List<List<Component>> toAwait =
                    List.of(stages.get(0), stagesToStart(runnable).get(1));
            for (int i = 0; i < toAwait.size(); i++) {
                if (i > 0) {
                    toAwait.get(i).forEach(this::ensureStarted);
                }
                for (Component c : toAwait.get(i)) {
                    Duration took = awaitReady(c);
                    c.afterReady(ctx);
                    out.printf(Locale.ROOT, "%-20s ready (%.1f s)%n", c.name(), took.toMillis() / 1000.0);
                }
            }
            out.printf(Locale.ROOT, "%nVerdict local stack is up (%.1f s).%n", (System.nanoTime() - t0) / 1e9);
            if (!skipped.isEmpty()) {
                out.println("skipped (VERDICT_STACK_SKIP): " + String.join(", ", skipped));
            }
            printSummary(runnable, loadDemoData(runnable));
        });
    }

    /** After every service is healthy: the demo data of infra/demo (never fails up; see DemoData). */
    private List<String> loadDemoData(List<ServiceModule> running) {
        if (!DemoData.enabled(System.getenv(DemoData.ENV))) {
            return List.of("demo data: off (" + DemoData.ENV + "=false)");
        }
        String catalog = running.stream()
                .filter(m -> m.name().equals("catalog-service"))
                .findFirst()
                .map(m -> "http://localhost:" + m.port())
                .orElse(null);
        String decisions = running.stream()
                .filter(m -> m.name().equals("decision-records"))
                .findFirst()
                .map(m -> "http://localhost:" + m.port())
                .orElse(null);
        String realm = KeycloakComponent.realmUrl();
        List<String> lines = new ArrayList<>();
        try {
            lines.addAll(DemoData.forStack(layout().root(), realm, catalog, decisions)
                    .load());
        } catch (RuntimeException e) {
            lines.add("WARNING demo data not loaded: " + e); // load() reports its own failures; belt and braces
        }
        running.stream()
                .filter(m -> m.name().equals("deploy-orchestrator"))
                .findFirst()
                .ifPresent(m -> lines.add(new DemoDeploy(
                                "http://localhost:" + m.port(),
                                ServiceModule.demoServiceJar(layout().root()),
                                DemoData.adminToken(realm),
                                Duration.ofSeconds(60))
                        .deploy()));
        running.stream()
                .filter(m -> m.name().equals("deploy-orchestrator"))
                .findFirst()
                .ifPresent(m -> lines.addAll(new DemoExperiment(
                                "http://localhost:" + m.port(),
                                layout().root().resolve("infra/demo/experiments"),
                                DemoData.adminToken(realm),
                                Duration.ofSeconds(60))
                        .start()));
        return lines;
    }

    /**
     * The first Keycloak start of a machine unpacks and augments the distribution (~20-40 s): do that while
     * PostgreSQL, Kafka and the builds proceed. KeycloakComponent.launch waits for it (install() is locked).
     */
    private void prepareKeycloakInBackground() {
        KeycloakDistribution dist = KeycloakDistribution.defaults();
        if (dist.isInstalled()) {
            return;
        }
        out.printf(
                "%-20s first use of %s: installing into %s in the background%n",
                "keycloak", dist.version(), dist.home());
        Thread t = new Thread(
                () -> {
                    try {
                        dist.install();
                    } catch (RuntimeException e) {
                        // launch() retries the install and reports the error
                    }
                },
                "keycloak-install");
        t.setDaemon(true);
        t.start();
    }

    public void down() {
        withLock(() -> {
            List<Component> all = new ArrayList<>(allComponents());
            java.util.Collections.reverse(all);
            boolean any = false;
            for (Component c : all) {
                PidFile pf = pidFile(c);
                OptionalLong pid = runningPid(c);
                if (pid.isPresent()) {
                    any = true;
                    out.printf("%-20s stopping (pid %d)...", c.name(), pid.getAsLong());
                    out.flush();
                    boolean graceful = Processes.stop(pid.getAsLong(), c.stopsByGroup(), "-TERM", c.stopTimeout());
                    out.println(
                            graceful
                                    ? " stopped"
                                    : " did not stop in " + c.stopTimeout().toSeconds() + " s: killed");
                }
                pf.delete();
                c.afterStop(ctx);
            }
            out.println(any ? "Verdict local stack is down." : "Nothing was running.");
        });
    }

    public void status() {
        List<ServiceModule> present = ServiceModule.present(layout().rootPom());
        out.printf("%-20s %-8s %-6s %-16s %s%n", "NAME", "PID", "PORT", "PROCESS", "HEALTH");
        for (Component c : allComponents()) {
            boolean isService = c instanceof ServiceComponent sc;
            if (isService
                    && !present.contains(((ServiceComponent) c).module())
                    && pidFile(c).read().isEmpty()) {
                continue; // not in the reactor and never started: not part of this stack
            }
            OptionalLong recorded = pidFile(c).read();
            OptionalLong running = runningPid(c);
            String process = running.isPresent() ? "running" : recorded.isPresent() ? "stale pid file" : "stopped";
            String health = c.healthy(ctx) ? (running.isPresent() ? "UP" : "UP (not ours)") : "DOWN";
            out.printf(
                    "%-20s %-8s %-6d %-16s %s%n",
                    c.name(),
                    running.isPresent() ? Long.toString(running.getAsLong()) : "-",
                    c.port(),
                    process,
                    health);
        }
    }

    public void logs(String name, int lines) {
        Path log = layout().log(name);
        if (!Files.exists(log)) {
            throw new StackException("no log " + layout().root().relativize(log) + "; names: "
                    + String.join(
                            ", ", allComponents().stream().map(Component::name).toList()) + ", build");
        }
        for (String line : tail(log, lines)) {
            out.println(line);
        }
    }

    /** The component of this name, whichever services are in the reactor. */
    Component component(String name) {
        return allComponents().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new StackException("no component " + name + "; names: "
                        + String.join(
                                ", ",
                                allComponents().stream().map(Component::name).toList())));
    }

    /** The running process of the component, if any (the fault run signals it). */
    public OptionalLong pid(String name) {
        return runningPid(component(name));
    }

    /**
     * Credentials in the stack's logs ({@code .verdict/logs}: every component's, the portal's, the runners'): tokens
     * and the realm's passwords and client secrets, reported masked. The scanned files are added to {@code scanned}.
     */
    public List<String> secretsInLogs(List<Path> scanned) {
        return SecretScan.ofRealmFile(layout().realmFile()).findInFiles(layout().logsDir(), "", scanned);
    }

    /**
     * The base URL ({@code http://localhost:PORT}) of each service of this stack that runs, by name in start order;
     * a {@link StackException} that says to run {@code ./verdict up} if one of {@code needed} does not run.
     */
    public Map<String, String> runningServices(List<String> needed) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (ServiceModule m : services()) {
            if (pid(m.name()).isPresent()) {
                urls.put(m.name(), "http://localhost:" + m.port());
            }
        }
        for (String n : needed) {
            if (!urls.containsKey(n)) {
                throw new StackException(n + " is not running: start the stack with ./verdict up first");
            }
        }
        return urls;
    }

    /** Writes a command's report to {@code .verdict/<relative>} and says where; a failed write is said, not thrown. */
    public void writeReport(String relative, String report, PrintStream out) {
        Path file = layout().stateDir().resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, report, StandardCharsets.UTF_8);
            out.println("report: " + layout().root().relativize(file));
        } catch (IOException e) {
            out.println("could not write " + file + ": " + e);
        }
    }

    /** The services of the reactor that this stack starts (not skipped), in start order. */
    public List<ServiceModule> services() {
        return ServiceModule.present(layout().rootPom()).stream()
                .filter(m -> !skipped.contains(m.name()))
                .toList();
    }

    /**
     * Starts the component again if it is not running, as {@code up} would, and waits until it is healthy; what a
     * supervisor does after a crash. Returns how long it took to become healthy.
     */
    public Duration restart(String name) {
        Component c = component(name);
        Duration[] took = new Duration[1];
        withLock(() -> {
            ensureStarted(c);
            took[0] = awaitReady(c);
            c.afterReady(ctx);
        });
        return took[0];
    }

    /** The pid recorded for the component, if that process (group) still runs and is ours. */
    OptionalLong runningPid(Component c) {
        OptionalLong pid = pidFile(c).read();
        if (pid.isEmpty()) {
            return pid;
        }
        long p = pid.getAsLong();
        if (c.stopsByGroup()) {
            // kc.sh may have died (kill -9) while its java child lives on in the group
            for (long member : Processes.groupMembers(p)) {
                if (ctx.isOurs(member, c.name())) {
                    return pid;
                }
            }
            return OptionalLong.empty();
        }
        return Processes.isAlive(p) && ctx.isOurs(p, c.name()) ? pid : OptionalLong.empty();
    }

    private void ensureStarted(Component c) {
        OptionalLong running = runningPid(c);
        if (running.isPresent()) {
            out.printf("%-20s already running (pid %d)%n", c.name(), running.getAsLong());
            return;
        }
        PidFile pf = pidFile(c);
        if (pf.read().isPresent()) {
            out.printf(
                    "%-20s removing stale pid file (pid %d is gone or not ours)%n",
                    c.name(), pf.read().getAsLong());
        }
        pf.delete();
        c.recover(ctx);
        if (Health.tcpOpen("127.0.0.1", c.port())) {
            throw new StackException(c.name() + ": port " + c.port() + " is in use by a process this launcher did "
                    + "not start; stop it (e.g. `ss -ltnp | grep :" + c.port() + "`) and run ./verdict up again");
        }
        try {
            long pid = c.launch(ctx);
            pf.write(pid);
            out.printf(
                    "%-20s started (pid %d, log %s)%n",
                    c.name(), pid, layout().root().relativize(layout().log(c.name())));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + c.name(), e);
        }
    }

    private Duration awaitReady(Component c) {
        long start = System.nanoTime();
        long deadline = start + c.readyTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (c.healthy(ctx)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (runningPid(c).isEmpty()) {
                throw new StackException(c.name() + " exited before becoming healthy; last lines of "
                        + layout().root().relativize(layout().log(c.name())) + ":\n"
                        + String.join("\n", tail(layout().log(c.name()), 25)));
            }
            Processes.sleep(Duration.ofMillis(500));
        }
        throw new StackException(
                c.name() + " not healthy after " + c.readyTimeout().toSeconds() + " s; see "
                        + layout().root().relativize(layout().log(c.name())) + " (./verdict logs " + c.name() + ")");
    }

    /** Builds the service jars that are missing or older than their module's sources, in one Maven run. */
    List<ServiceModule> buildServices(List<ServiceModule> services) {
        List<ServiceModule> stale = services.stream().filter(this::needsBuild).toList();
        List<String> modules =
                new ArrayList<>(stale.stream().map(ServiceModule::moduleDir).toList());
        if (stale.stream().anyMatch(m -> m.name().equals("deploy-orchestrator"))) {
            modules.add(ServiceModule.DEMO_SERVICE_DIR); // the artifact the demo deploys
        }
        if (!stale.isEmpty()) {
            List<String> cmd = List.of(
                    layout().root().resolve("mvnw").toString(),
                    "-B",
                    "-q",
                    "-Dmaven.test.skip=true",
                    "package",
                    "-pl",
                    String.join(",", modules),
                    "-am");
            Path log = layout().log("build");
            out.printf(
                    "%-20s %s (log %s)%n",
                    "build",
                    String.join(" ", cmd.subList(1, cmd.size())),
                    layout().root().relativize(log));
            long t0 = System.nanoTime();
            try {
                Files.createDirectories(log.getParent());
                Process p = new ProcessBuilder(cmd)
                        .directory(layout().root().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new StackException("build failed; last lines of "
                            + layout().root().relativize(log) + ":\n" + String.join("\n", tail(log, 30)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while building");
            }
            out.printf(Locale.ROOT, "%-20s done (%.1f s)%n", "build", (System.nanoTime() - t0) / 1e9);
        }
        return services;
    }

    private List<ServiceModule> withJars(List<ServiceModule> services) {
        List<ServiceModule> ok = new ArrayList<>();
        for (ServiceModule m : services) {
            if (Files.isRegularFile(m.runnerJar(layout().root()))) {
                ok.add(m);
            } else {
                out.printf(
                        "%-20s skipped: no %s (run without --no-build)%n",
                        m.name(), layout().root().relativize(m.runnerJar(layout().root())));
            }
        }
        return ok;
    }

    boolean needsBuild(ServiceModule m) {
        Path jar = m.runnerJar(layout().root());
        if (!Files.isRegularFile(jar)) {
            return true;
        }
        if (m.name().equals("deploy-orchestrator")
                && !Files.isRegularFile(ServiceModule.demoServiceJar(layout().root()))) {
            return true;
        }
        Path dir = layout().root().resolve(m.moduleDir());
        try {
            long built = Files.getLastModifiedTime(jar).toMillis();
            return newestModification(dir.resolve("pom.xml"), dir.resolve("src/main")) > built;
        } catch (IOException e) {
            return true;
        }
    }

    static long newestModification(Path... roots) throws IOException {
        long newest = 0;
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                    newest = Math.max(newest, Files.getLastModifiedTime(p).toMillis());
                }
            }
        }
        return newest;
    }

    private void printSummary(List<ServiceModule> services, List<String> demo) {
        out.println();
        for (ServiceModule m : services) {
            out.printf(
                    "  %-20s http://localhost:%d%s%n",
                    m.name(), m.port(), m.name().equals("ui") ? "  <- portal" : "");
        }
        if (services.isEmpty()) {
            out.println(
                    "  (no service started: none in the reactor, or no jar with --no-build; only the infrastructure runs)");
        }
        for (Component c : stages(List.of()).stream().flatMap(List::stream).toList()) {
            out.printf("  %-20s %s%n", c.name(), c.address());
        }
        out.println();
        demo.forEach(l -> out.println("  " + l));
        out.println();
        out.println("Demo logins (realm verdict; demo-only passwords): viewer/viewer-demo, engineer/engineer-demo,");
        out.println("  architect/architect-demo, admin/admin-demo. A token for the CLI or curl:");
        out.println(
                "  curl -s -d grant_type=password -d client_id=verdict-cli -d username=engineer -d password=engineer-demo \\");
        out.println("    http://localhost:" + StackPorts.KEYCLOAK + "/realms/verdict/protocol/openid-connect/token");
        out.println("./verdict status | ./verdict logs NAME | ./verdict down");
    }

    private PidFile pidFile(Component c) {
        return new PidFile(layout().pidFile(c.name()));
    }

    private void withLock(Runnable action) {
        try {
            Files.createDirectories(layout().stateDir());
            try (FileChannel ch =
                    FileChannel.open(layout().lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = ch.tryLock();
                if (lock == null) {
                    out.println("another ./verdict command is running on this stack; waiting for it...");
                    lock = ch.lock();
                }
                try {
                    action.run();
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
        } catch (UncheckedIOException e) {
            return List.of("(log is not UTF-8)");
        }
    }
}
