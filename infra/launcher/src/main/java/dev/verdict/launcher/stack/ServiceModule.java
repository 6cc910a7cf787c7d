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
public record ServiceModule(String name, String moduleDir, int port, String database) {

    /** Start order; the portal last, since it calls the others. */
    static final List<ServiceModule> KNOWN = List.of(
            new ServiceModule("catalog-service", "catalog-service", 8081 + StackPorts.OFFSET, "catalog"),
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
