package dev.verdict.launcher;

import dev.verdict.runtime.postgres.PostgresBinaries;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./verdict} as the script runs it: the launcher's main class in a JVM of its own, on a "repository" root of
 * the test's, with the stack's ports shifted by an offset so that it meets no other stack on the machine.
 */
public final class LauncherProcess {

    /** What a run printed (stdout and stderr) and its exit code. */
    public record Run(int exitCode, String output) {}

    private LauncherProcess() {}

    public static Run run(Path root, int offset, Map<String, String> env, Duration limit, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-Dverdict.root=" + root,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                // a binaries folder of the root's own: PostgreSQL is unpacked as on a new machine
                "-D" + PostgresBinaries.WORKING_DIR_PROPERTY + "=" + root.resolve("embedded-pg"),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("VERDICT_PORT_OFFSET", Integer.toString(offset));
        pb.environment().putAll(env);
        Process p = pb.start();
        // read while it runs, so a full pipe never blocks it
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.append("(output lost: ").append(e).append(')');
            }
        });
        reader.start();
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            reader.join(10_000);
            throw new IllegalStateException(
                    "./verdict " + String.join(" ", args) + " did not end within " + limit + "; output:\n" + out);
        }
        reader.join(10_000);
        return new Run(p.exitValue(), out.toString());
    }

    /** An offset under which all of {@code basePorts} are free now (far from the real stack's ports). */
    public static int freeOffset(int... basePorts) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = 20000 + ThreadLocalRandom.current().nextInt(10000);
            boolean allFree = true;
            for (int base : basePorts) {
                allFree &= free(base + candidate);
            }
            if (allFree) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port offset");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
