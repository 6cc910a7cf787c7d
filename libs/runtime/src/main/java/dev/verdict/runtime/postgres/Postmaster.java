package dev.verdict.runtime.postgres;

import dev.verdict.runtime.proc.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * The postmaster recorded in a data directory's {@code postmaster.pid}. A {@code kill -9} of the runner JVM leaves
 * PostgreSQL running (pg_ctl detaches it), holding the port and the data directory; the next start stops it.
 */
public final class Postmaster {

    private Postmaster() {}

    /** The pid of the first line of postmaster.pid, if the file exists and that line is a number. */
    public static OptionalLong recordedPid(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return parsePid(lines);
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    static OptionalLong parsePid(List<String> lines) {
        if (lines.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).trim());
            return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A live postgres process serving this data directory, if any. */
    public static OptionalLong running(Path dataDir) {
        OptionalLong pid = recordedPid(dataDir);
        if (pid.isPresent()
                && Processes.isAlive(pid.getAsLong())
                && Processes.commandLine(pid.getAsLong())
                        .map(c -> c.contains("postgres"))
                        .orElse(false)) {
            return pid;
        }
        return OptionalLong.empty();
    }

    /** Fast shutdown (SIGINT) of an orphaned postmaster; SIGKILL if it does not finish. Returns true if one ran. */
    public static boolean stopOrphan(Path dataDir, Duration timeout) {
        OptionalLong pid = running(dataDir);
        if (pid.isEmpty()) {
            return false;
        }
        Processes.stop(pid.getAsLong(), false, "-INT", timeout);
        return true;
    }
}
