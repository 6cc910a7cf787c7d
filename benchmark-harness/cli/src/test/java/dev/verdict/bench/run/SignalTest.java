package dev.verdict.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.bench.FakeJdk;
import dev.verdict.bench.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI in its own JVM, stopped by a signal while a benchmark runs: the JVM's shutdown hook must cancel the run
 * and hold the JVM until the partial run.json and the reports (marked incomplete) are written. SIGTERM is sent
 * rather than SIGINT because a process started in the background may inherit an ignored SIGINT (then the JVM
 * installs no handler for it); both signals run the same shutdown hooks, which is the path under test.
 */
class SignalTest {

    @TempDir
    Path tmp;

    @Test
    void aSignalDuringARunLeavesThePartialResultsMarkedIncomplete() throws Exception {
        Path a = FakeJdk.create(tmp, "jdk-a", "Acme", "17.0.1", "");
        Path b = FakeJdk.create(tmp, "jdk-b", "Bcme", "25.0.1", "HANG_FROM=2\n");
        Path jar = Files.writeString(tmp.resolve("benchmarks.jar"), "x");
        Path out = tmp.resolve("out");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.verdict.bench.Main",
                        "run",
                        "--jdk",
                        "a=" + a,
                        "--jdk",
                        "b=" + b,
                        "--forks",
                        "4",
                        "--benchmarks-jar",
                        jar.toString(),
                        "--out",
                        out.toString(),
                        "--jmh-lock",
                        "ignore",
                        "--progress",
                        "none",
                        // the fake forks count; on a busy machine they would otherwise be discarded and re-run
                        "--max-competing-cpus",
                        "-1"))
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("cli.log").toFile())
                .start();
        try {
            Path log = tmp.resolve("cli.log");
            // a CLI that dies first ends the wait at once; either failure shows its log
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .failFast(
                            "the CLI exited before b's second fork",
                            () -> assertThat(p.isAlive())
                                    .as(Files.readString(log))
                                    .isTrue())
                    .untilAsserted(() -> assertThat(FakeJdk.runs(b))
                            .as(Files.readString(log))
                            .isGreaterThanOrEqualTo(2));
            assertThat(FakeJdk.runs(b)).as(Files.readString(log)).isEqualTo(2);
            Thread.sleep(300);
            new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).isEqualTo(143); // 128 + SIGTERM: the JVM exits through its shutdown sequence
        RunRecord r = Json.read(out.resolve("run.json"), RunRecord.class, "run");
        assertThat(r.status()).isEqualTo(RunRecord.Status.INTERRUPTED);
        assertThat(r.statusDetail()).startsWith("interrupted (Ctrl-C / SIGTERM): 2 of 16 forks completed");
        assertThat(r.forks()).hasSize(2);
        assertThat(out.resolve("report.md")).content().contains("**INCOMPLETE**");
        // the hung benchmark process was killed, not left behind
        long hung = FakeJdk.hangPid(b);
        assertThat(hung).isPositive();
        assertThat(ProcessHandle.of(hung).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }
}
