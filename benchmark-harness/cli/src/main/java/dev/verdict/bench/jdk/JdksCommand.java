package dev.verdict.bench.jdk;

import dev.verdict.bench.Json;
import dev.verdict.jdks.Jdk;
import dev.verdict.jdks.JdkDiscovery;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jdks}: lists the JDKs the harness can run, with vendor, version and path. */
@Command(
        name = "jdks",
        mixinStandardHelpOptions = true,
        description = "List installed JDKs (JAVA_HOME, /usr/lib/jvm/*, SDKMAN, --jdk-dir, VERDICT_BENCH_JDK_PATHS).")
public class JdksCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--jdk-dir", description = "Extra JDK home, or folder of JDK homes (repeatable).")
    List<Path> jdkDirs = List.of();

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(
            names = {"-v", "--verbose"},
            description = "Also list skipped candidates and why.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        JdkDiscovery.Result result = JdkDiscovery.discover(JdkDiscovery.defaults(jdkDirs));
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.MAPPER.writeValueAsString(result));
            return 0;
        }
        if (result.jdks().isEmpty()) {
            out.println("No JDKs found. Add one with --jdk-dir <home> or VERDICT_BENCH_JDK_PATHS.");
        } else {
            out.printf("%-8s %-18s %-28s %-14s %s%n", "LABEL", "VENDOR", "VERSION", "SOURCE", "PATH");
            for (Jdk j : result.jdks()) {
                out.printf(
                        "%-8s %-18s %-28s %-14s %s%n",
                        j.defaultLabel(),
                        j.vendor(),
                        j.runtimeVersion() != null ? j.runtimeVersion() : j.version(),
                        j.source(),
                        j.home());
            }
        }
        if (verbose) {
            for (Map.Entry<String, String> e : result.skipped().entrySet()) {
                out.println("skipped " + e.getKey() + ": " + e.getValue());
            }
        }
        return 0;
    }
}
