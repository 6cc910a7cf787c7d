package dev.verdict.plugin.process.run;

import dev.verdict.jdks.JdkDiscovery;
import dev.verdict.jdks.JdkException;
import dev.verdict.jdks.JdkSelection;
import dev.verdict.plugin.Artifact;
import dev.verdict.plugin.DeploySpec;
import dev.verdict.plugin.DeployTarget;
import dev.verdict.plugin.InstanceStatus;
import dev.verdict.plugin.MetricSource;
import dev.verdict.plugin.Placement;
import dev.verdict.plugin.Scope;
import dev.verdict.plugin.process.router.RouterMetricSource;
import dev.verdict.plugin.process.router.RouterRecords;
import dev.verdict.plugin.process.router.Routes;
import dev.verdict.plugin.process.router.WeightedRouter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Versions as local OS processes, each instance on its own loopback port, behind one {@link WeightedRouter} per
 * component. A jar runs as {@code java -jar} (with {@code -Dquarkus.http.port} and {@code PORT} set), a command
 * line has its {@code {port}} replaced; the runtime of a version ({@code DeploySpec.runtime}) is a JDK home, a
 * feature version or vendor-version of an installed JDK (libs/jdks), else
 * the JDK this process runs on.
 *
 * <p>Placements are recorded in {@code work-dir/placements} ({@link PlacementFiles}): a target created again after
 * its host process was killed adopts the instances that still run, and reports the ones that died as FAILED. The
 * router lives in the host process, so after a restart it routes nothing until {@link #setWeights} is called again
 * (the orchestrator does that first when it resumes).
 */
public final class ProcessTarget implements DeployTarget {

    private final Path workDir;
    private final String healthPath;
    private final Duration stopGrace;
    private final int firstRouterPort;
    private final Duration interval;
    private final Map<String, WeightedRouter> routers = new ConcurrentHashMap<>();
    private final Map<String, Running> placements = new ConcurrentHashMap<>();
    private final Map<String, Map<Scope, Integer>> weights = new LinkedHashMap<>();

    private final PlacementFiles files;
    /** how long removed instances keep answering what was already sent to them (the demo's requests take ~20 ms) */
    static final Duration DRAIN = Duration.ofMillis(500);
    /** CPU time per instance at the last sample, for the per-interval deltas */
    private final Map<String, Long> lastCpu = new ConcurrentHashMap<>();

    private final java.util.concurrent.ScheduledExecutorService sampler =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "process-target-cpu");
                t.setDaemon(true);
                return t;
            });
    private final RouterMetricSource metrics = new RouterMetricSource(c -> {
        WeightedRouter r = routers.get(c);
        return r == null ? null : r.records();
    });

    /** {@code missing}: instances recorded before a restart that no longer run. */
    private record Running(Placement placement, List<Instance> instances, List<String> missing) {}

    public ProcessTarget(Path workDir, String healthPath, Duration stopGrace, int firstRouterPort, Duration interval) {
        this(
                workDir,
                healthPath,
                stopGrace,
                firstRouterPort,
                interval,
                ProcessTargetFactory.METRICS_PATH.defaultText());
    }

    /** {@code metricsPath}: where Prometheus scrapes each instance (see {@link PlacementFiles}). */
    public ProcessTarget(
            Path workDir,
            String healthPath,
            Duration stopGrace,
            int firstRouterPort,
            Duration interval,
            String metricsPath) {
        this.workDir = workDir;
        this.healthPath = healthPath;
        this.stopGrace = stopGrace;
        this.firstRouterPort = firstRouterPort;
        this.interval = interval;
        this.files = new PlacementFiles(workDir, metricsPath);
        for (PlacementFiles.Saved saved : files.readAll(System.err::println)) {
            if (saved.instances().isEmpty()) {
                files.delete(saved.placement().id()); // nothing of it runs: a new deploy starts it again
                continue;
            }
            List<String> missing = new ArrayList<>();
            for (int i = saved.instances().size(); i < saved.expected(); i++) {
                missing.add(saved.placement().id() + "-missing-" + i);
            }
            placements.put(saved.placement().id(), new Running(saved.placement(), saved.instances(), missing));
        }
        long ms = interval.toMillis();
        // a little after each interval boundary, so a sample's delta belongs to the interval that just ended
        long first = ms - Math.floorMod(System.currentTimeMillis(), ms) + Math.max(1, ms / 10);
        sampler.scheduleAtFixedRate(this::sampleCpu, first, ms, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Adds each instance's CPU time since the last sample to its scope's interval in the router's records (the OS's
     * accounting through {@link ProcessHandle.Info#totalCpuDuration()}, {@code /proc/<pid>/stat} on Linux). An
     * instance's first sample only sets its start point, so a JVM's start-up is not charged to its requests.
     */
    void sampleCpu() {
        try {
            java.time.Instant middle = java.time.Instant.now().minus(interval.dividedBy(2));
            List<Running> running;
            synchronized (this) {
                running = List.copyOf(placements.values());
            }
            java.util.Set<String> alive = new java.util.HashSet<>();
            for (Running r : running) {
                WeightedRouter router = routers.get(r.placement().component());
                long sum = 0;
                for (Instance i : r.instances()) {
                    alive.add(i.id);
                    java.util.Optional<Duration> cpu = i.process.info().totalCpuDuration();
                    if (cpu.isEmpty()) {
                        continue;
                    }
                    long now = cpu.get().toNanos();
                    Long before = lastCpu.put(i.id, now);
                    if (before != null && now >= before) {
                        sum += now - before;
                    }
                }
                if (router != null && sum > 0) {
                    router.records().recordCpu(r.placement().scope(), middle, sum);
                }
            }
            lastCpu.keySet().retainAll(alive);
        } catch (RuntimeException e) {
            System.err.println("process target: CPU sample failed: " + e); // the next interval samples again
        }
    }

    @Override
    public synchronized List<Placement> placements() {
        return placements.values().stream().map(Running::placement).toList();
    }

    /** The router of {@code component}, started on first use (the first component gets the configured port). */
    public synchronized WeightedRouter router(String component) {
        return routers.computeIfAbsent(
                component,
                c -> WeightedRouter.start(
                        "127.0.0.1",
                        routers.isEmpty() ? firstRouterPort : 0,
                        new RouterRecords(interval, 8640, Clock.systemUTC())));
    }

    @Override
    public synchronized Placement deploy(DeploySpec spec) {
        String id = spec.deploymentId() + "-" + spec.scope().label();
        Running existing = placements.get(id);
        if (existing != null) {
            return existing.placement();
        }
        if (spec.artifact().type() == Artifact.Type.IMAGE) {
            throw new IllegalArgumentException("the process target runs jars and commands, not images");
        }
        command(spec, 0); // refuses a bad runtime before anything starts
        router(spec.component());
        List<Instance> instances = new ArrayList<>();
        try {
            Path logs = Files.createDirectories(workDir.resolve(id));
            for (int i = 0; i < spec.instances(); i++) {
                int port = freePort();
                String instanceId = id + "-" + i;
                Path log = logs.resolve(instanceId + ".log");
                ProcessBuilder pb = new ProcessBuilder(command(spec, port))
                        .directory(logs.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                pb.environment().putAll(spec.env());
                pb.environment().put("PORT", Integer.toString(port));
                pb.environment().put("VERDICT_VERSION", spec.version());
                pb.environment().put("VERDICT_SCOPE", spec.scope().label());
                instances.add(new Instance(instanceId, port, pb.start(), log));
            }
        } catch (IOException e) {
            instances.forEach(x -> x.stop(stopGrace));
            throw new UncheckedIOException("cannot start " + id + ": " + e.getMessage(), e);
        }
        Placement p = new Placement(id, spec.component(), spec.scope(), spec.version());
        try {
            files.write(p, instances);
        } catch (UncheckedIOException e) {
            instances.forEach(x -> x.stop(stopGrace));
            throw e;
        }
        placements.put(id, new Running(p, List.copyOf(instances), List.of()));
        return p;
    }

    private static List<String> command(DeploySpec spec, int port) {
        String java = java(spec.runtime());
        if (spec.artifact().type() == Artifact.Type.JAR) {
            return List.of(
                    java, "-Dquarkus.http.port=" + port, "-jar", spec.artifact().value());
        }
        List<String> out = new ArrayList<>();
        for (String part : spec.artifact().value().trim().split("\\s+")) {
            out.add(part.equals("java") ? java : part.replace("{port}", Integer.toString(port)));
        }
        return out;
    }

    private static volatile JdkDiscovery.Result discovered;

    /**
     * The {@code java} of a runtime: this JVM's for none; else the JDK that {@code libs/jdks} resolves it to: a JDK
     * home path, a feature version ({@code 25}) or vendor-version ({@code temurin-25}) among the installed JDKs
     * (JAVA_HOME, /usr/lib/jvm, sdkman), as the benchmark harness's {@code --jdk} reads them.
     */
    static String java(String runtime) {
        if (runtime == null) {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
        if (discovered == null) {
            discovered = JdkDiscovery.discover(JdkDiscovery.defaults(List.of()));
        }
        try {
            return JdkSelection.resolve(runtime.trim(), discovered)
                    .javaExecutable()
                    .toString();
        } catch (JdkException e) {
            throw new IllegalArgumentException("runtime " + runtime + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public List<InstanceStatus> instances(Placement placement) {
        Running r = placements.get(placement.id());
        if (r == null) {
            return List.of();
        }
        List<InstanceStatus> out = new ArrayList<>();
        r.instances().forEach(i -> out.add(i.status(healthPath)));
        r.missing()
                .forEach(m -> out.add(new InstanceStatus(
                        m, null, InstanceStatus.Health.FAILED, "no longer running when the target was restarted")));
        return out;
    }

    /** The OS pids of a placement's running instances (tests and diagnostics). */
    public List<Long> instancePids(Placement placement) {
        Running r = placements.get(placement.id());
        return r == null
                ? List.of()
                : r.instances().stream().map(i -> i.process.pid()).toList();
    }

    /** Routes to the ready instances of each scope's placement; a scope with weight must have one ready. */
    @Override
    public synchronized void setWeights(String component, Map<Scope, Integer> percent) {
        DeployTarget.checkWeights(percent);
        Map<Scope, List<InetSocketAddress>> ready = new EnumMap<>(Scope.class);
        for (Running r : placements.values()) {
            if (r.placement().component().equals(component)) {
                List<InetSocketAddress> up = r.instances().stream()
                        .filter(i -> i.status(healthPath).health() == InstanceStatus.Health.READY)
                        .map(Instance::address)
                        .toList();
                ready.computeIfAbsent(r.placement().scope(), s -> new ArrayList<>())
                        .addAll(up);
            }
        }
        router(component).route(new Routes(ready, percent));
        weights.put(component, Map.copyOf(percent));
    }

    @Override
    public synchronized Placement rescope(Placement placement, Scope scope) {
        Running r = placements.get(placement.id());
        if (r == null) {
            throw new IllegalArgumentException("no placement " + placement.id());
        }
        Placement moved = new Placement(placement.id(), placement.component(), scope, placement.version());
        if (r.placement().scope() != scope) {
            files.write(moved, r.instances());
            placements.put(placement.id(), new Running(moved, r.instances(), r.missing()));
        }
        return moved;
    }

    /** Refused while the placement's scope still gets traffic: set its weight to 0 first. */
    @Override
    public void remove(Placement placement) {
        Running r = detach(placement);
        if (r == null) {
            return;
        }
        // requests the router sent before the routes left these instances finish before the processes stop
        // (DeploymentCrashIT once saw a 502 from a request cut by a baseline's stop)
        try {
            Thread.sleep(DRAIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        r.instances().forEach(i -> i.stop(stopGrace));
        files.delete(placement.id());
    }

    /** Takes the placement out of the routes (under the lock); the processes are stopped by the caller, outside it. */
    private synchronized Running detach(Placement placement) {
        Running r = placements.get(placement.id());
        if (r == null) {
            return null;
        }
        Integer w = weights.getOrDefault(placement.component(), Map.of())
                .get(r.placement().scope());
        boolean others = placements.values().stream()
                .anyMatch(o -> o != r
                        && o.placement().component().equals(placement.component())
                        && o.placement().scope() == r.placement().scope());
        if (w != null && w > 0 && !others) {
            throw new IllegalStateException(r.placement().scope().label() + " of " + placement.component()
                    + " still gets " + w + " % of the traffic; set its weight to 0 before removing " + placement.id());
        }
        placements.remove(placement.id());
        Map<Scope, Integer> current = weights.get(placement.component());
        if (current != null) {
            // the routes still name the removed instances: rebuild them before the processes stop
            setWeights(placement.component(), current);
        }
        return r;
    }

    /** The router's records as the {@code "router"} metric source. */
    @Override
    public Optional<Map.Entry<String, MetricSource>> ownMetrics() {
        return Optional.of(Map.entry("router", metrics));
    }

    @Override
    public synchronized void stopAll() {
        placements.values().forEach(r -> {
            r.instances().forEach(i -> i.stop(stopGrace));
            files.delete(r.placement().id());
        });
        placements.clear();
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        routers.values().forEach(WeightedRouter::close);
        routers.clear();
    }
}
