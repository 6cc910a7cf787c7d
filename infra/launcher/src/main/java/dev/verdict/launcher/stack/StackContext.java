package dev.verdict.launcher.stack;

import dev.verdict.runtime.keycloak.KeycloakServer;
import dev.verdict.runtime.proc.Processes;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What every component needs to start: the layout, the java executable, the launcher's own jar (classpath). */
public final class StackContext {

    private final StackLayout layout;

    public StackContext(StackLayout layout) {
        this.layout = layout;
    }

    public StackLayout layout() {
        return layout;
    }

    public String java() {
        return KeycloakServer.javaExecutable();
    }

    /** The launcher's classpath for child JVMs: its jar plus target/lib (PostgreSQL, Kafka, slf4j-simple). */
    public String launcherClasspath() {
        Path jar = launcherJar();
        return jar + java.io.File.pathSeparator + jar.resolveSibling("lib").resolve("*");
    }

    /** The launcher jar (target/verdict-launcher.jar, or target/classes when run from an IDE). */
    public Path launcherJar() {
        try {
            return Path.of(StackContext.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** -D flags that mark a process as this stack's component NAME; see {@link #isOurs}. */
    public List<String> marker(String name) {
        return List.of("-Dverdict.stack=" + name, "-Dverdict.home=" + layout.stateDir());
    }

    /** The pid's command line carries our marker: a reused pid of an unrelated process is not ours. */
    public boolean isOurs(long pid, String name) {
        return Processes.commandLine(pid)
                .map(cmd -> containsArg(cmd, "-Dverdict.stack=" + name)
                        && containsArg(cmd, "-Dverdict.home=" + layout.stateDir()))
                .orElse(false);
    }

    private static boolean containsArg(String cmd, String arg) {
        return (" " + cmd + " ").contains(" " + arg + " ");
    }

    /**
     * Starts a command detached from the launcher: its own session (setsid, so Ctrl-C on ./verdict does not reach
     * it and its group can be signalled), output appended to the log, no stdin. Returns its pid.
     */
    public long startDetached(String name, List<String> command, Map<String, String> env, Path workDir)
            throws IOException {
        Path log = layout.log(name);
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        return pb.start().pid();
    }
}
