package dev.verdict.launcher.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Quarkus service of the local stack: its module directory, fixed port and database (null: none). Only services that are
 * listed in the root pom's {@code <modules>} are started, so a service appears in {@code ./verdict up} the day its
 * module joins the reactor.
 */
public record ServiceModule(String name, String moduleDir, int port, String database, List<String> jvmFlags) {

    /** Heap flags of a service without measured ones of its own. */
    static final List<String> DEFAULT_JVM_FLAGS = List.of("-Xms32m", "-Xmx256m");

    /**
     * The catalog's, measured in docs/performance.md ("Memory under load", issue #15): a 128 MB heap holds a
     * 10,000-file import (written in batches); the serial collector, which gives unused heap back in one step after
     * a full collection, keeps RSS under load well below G1's (ratios in docs/performance.md).
     */
    // the services run on the launcher's own JVM (StackContext.java()), so its version decides the flags
    static final List<String> CATALOG_JVM_FLAGS = catalogJvmFlags(Runtime.version());

    static List<String> catalogJvmFlags(Runtime.Version java) {
        List<String> flags = new ArrayList<>(List.of(
                "-Xms32m",
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-XX:-ShrinkHeapInSteps",
                "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=30"));
        if (trimsNativeHeap(java)) {
            // glibc keeps what the JIT and a large import freed (80-90 MB measured) unless trimmed
            flags.addAll(List.of("-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=10000"));
        }
        return List.copyOf(flags);
    }

    /** TrimNativeHeapInterval exists from 17.0.9, 21.0.1 and 22 on; an older JVM refuses to start with it. */
    static boolean trimsNativeHeap(Runtime.Version v) {
        return v.feature() >= 22 || (v.feature() == 21 && v.update() >= 1) || (v.feature() == 17 && v.update() >= 9);
    }

    public ServiceModule(String name, String moduleDir, int port, String database) {
        this(name, moduleDir, port, database, DEFAULT_JVM_FLAGS);
    }

    /** Start order; the portal last, since it calls the others. */
    static final List<ServiceModule> KNOWN = List.of(
            new ServiceModule(
                    "catalog-service", "catalog-service", 8081 + StackPorts.OFFSET, "catalog", CATALOG_JVM_FLAGS),
            new ServiceModule("deploy-orchestrator", "deploy-orchestrator", 8082 + StackPorts.OFFSET, "deploy"),
            new ServiceModule("decision-records", "decision-records", 8083 + StackPorts.OFFSET, "decisions"),
            // the portal has no database of its own: it holds nothing the services don't
            new ServiceModule("ui", "ui", 8080 + StackPorts.OFFSET, null));

    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern MODULES = Pattern.compile("<modules>(.*?)</modules>", Pattern.DOTALL);
    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");

    /** Every database the stack creates, whether or not its service exists yet. */
    public static List<String> databases() {
        return KNOWN.stream()
                .map(ServiceModule::database)
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    public static Map<String, ServiceModule> byName() {
        Map<String, ServiceModule> m = new LinkedHashMap<>();
        KNOWN.forEach(s -> m.put(s.name(), s));
        return m;
    }

    /** Module paths of the root pom's first {@code <modules>} section, comments ignored. */
    public static List<String> modulesOf(String pomXml) {
        String xml = COMMENT.matcher(pomXml).replaceAll("");
        Matcher section = MODULES.matcher(xml);
        List<String> modules = new ArrayList<>();
        if (section.find()) {
            Matcher m = MODULE.matcher(section.group(1));
            while (m.find()) {
                String module = m.group(1).replaceAll("/+$", "");
                modules.add(module.startsWith("./") ? module.substring(2) : module);
            }
        }
        return modules;
    }

    /** The known services whose module is in the reactor, in start order. */
    public static List<ServiceModule> present(String rootPomXml) {
        List<String> modules = modulesOf(rootPomXml);
        return KNOWN.stream().filter(s -> modules.contains(s.moduleDir())).toList();
    }

    public static List<ServiceModule> present(Path rootPom) {
        try {
            return present(Files.readString(rootPom));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + rootPom, e);
        }
    }

    /** The demo payments-api the local stack deploys through deploy-orchestrator (infra/demo-service). */
    public static final String DEMO_SERVICE_DIR = "infra/demo-service";

    /** Its jar ({@code target/verdict-demo-service-<version>.jar}), or that path with no version if none is built. */
    public static Path demoServiceJar(Path root) {
        Path target = root.resolve(DEMO_SERVICE_DIR).resolve("target");
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("verdict-demo-service-[^-]+.*\\.jar"))
                    .filter(f -> !f.getFileName().toString().endsWith("-sources.jar"))
                    .findFirst()
                    .orElse(target.resolve("verdict-demo-service.jar"));
        } catch (java.io.IOException e) {
            return target.resolve("verdict-demo-service.jar");
        }
    }

    public Path runnerJar(Path root) {
        return root.resolve(moduleDir).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public String jdbcUrl(int postgresPort) {
        return "jdbc:postgresql://localhost:" + postgresPort + "/" + database;
    }
}
