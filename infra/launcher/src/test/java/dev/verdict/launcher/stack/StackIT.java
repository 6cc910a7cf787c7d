package dev.verdict.launcher.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.launcher.LauncherProcess;
import dev.verdict.runtime.files.Trees;
import dev.verdict.runtime.postgres.Postmaster;
import dev.verdict.runtime.proc.Health;
import dev.verdict.runtime.proc.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The launcher CLI as a user runs it, against a real PostgreSQL and Kafka (Keycloak skipped: FaultRunIT starts the
 * stack's Keycloak): up (on an empty PostgreSQL binaries folder, as on a new machine), up
 * again, kill -9 of the PostgreSQL runner (orphaned postmaster), up again, down. Runs in a temp "repository" with no service modules, on ports shifted by a random free offset.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackIT {

    private static Path root;
    private static int offset;
    private static long firstPostgresPid;
    private static long kafkaPid;

    @BeforeAll
    static void setUp() throws IOException {
        root = Files.createTempDirectory(Path.of("target"), "stack-it-").toAbsolutePath();
        Files.writeString(root.resolve("pom.xml"), "<project><modules></modules></project>\n");
        offset = LauncherProcess.freeOffset(15432, 19092, 19093);
    }

    @AfterAll
    static void tearDown() throws Exception {
        cli("down"); // whatever a failed test left
        Trees.delete(root); // ~40 MB of PostgreSQL data
    }

    @Test
    @Order(1)
    void upStartsPostgresAndKafkaAndCreatesDatabasesAndTopics() throws Exception {
        String out = cli("up", "--no-build");

        assertThat(out).contains("postgres             ready", "kafka                ready", "is up");
        assertThat(root.resolve("embedded-pg"))
                .as("unpacked by the runner at its -Xmx64m")
                .isNotEmptyDirectory();
        firstPostgresPid = pid("postgres");
        kafkaPid = pid("kafka");
        assertThat(Processes.isAlive(firstPostgresPid)).isTrue();
        assertThat(databases()).contains("catalog", "deploy", "decisions");
        assertThat(Files.readString(root.resolve(".verdict/logs/kafka.log"))).contains("verdict.decisions.v1");
    }

    @Test
    @Order(2)
    void upAgainStartsNothingTwice() throws Exception {
        String out = cli("up", "--no-build");

        assertThat(out)
                .contains(
                        "postgres             already running (pid " + firstPostgresPid + ")",
                        "kafka                already running (pid " + kafkaPid + ")")
                .doesNotContain("started (pid");
        assertThat(pid("postgres")).isEqualTo(firstPostgresPid);
    }

    @Test
    @Order(3)
    void upAfterKill9OfThePostgresRunnerStopsTheOrphanedPostmasterAndStartsAgain() throws Exception {
        OptionalLong postmaster = Postmaster.running(root.resolve(".verdict/postgres"));
        assertThat(postmaster).isPresent();
        Processes.kill("-KILL", firstPostgresPid, false);
        assertThat(Processes.waitForExit(firstPostgresPid, false, Duration.ofSeconds(10)))
                .isTrue();
        assertThat(Processes.isAlive(postmaster.getAsLong()))
                .as("kill -9 orphans the postmaster")
                .isTrue();
        assertThat(cli("status")).contains("stale pid file");

        String out = cli("up", "--no-build");

        assertThat(out)
                .contains(
                        "removing stale pid file",
                        "stopped an orphaned postmaster",
                        "postgres             ready",
                        "kafka                already running");
        assertThat(Processes.isAlive(postmaster.getAsLong())).isFalse();
        assertThat(pid("postgres")).isNotEqualTo(firstPostgresPid);
        assertThat(databases()).contains("catalog");
    }

    @Test
    @Order(4)
    void statusShowsRunningAndHealthy() throws Exception {
        assertThat(cli("status"))
                .containsPattern("postgres\\s+\\d+\\s+" + StackPortsView.postgres(offset) + "\\s+running\\s+UP")
                .containsPattern("kafka\\s+\\d+\\s+\\d+\\s+running\\s+UP");
    }

    @Test
    @Order(5)
    void downStopsEverythingItStarted() throws Exception {
        long pg = pid("postgres");
        OptionalLong postmaster = Postmaster.running(root.resolve(".verdict/postgres"));

        String out = cli("down");

        assertThat(out).contains("postgres             stopping", "kafka                stopping", "is down");
        assertThat(Processes.isAlive(pg)).isFalse();
        assertThat(Processes.isAlive(kafkaPid)).isFalse();
        postmaster.ifPresent(p -> assertThat(Processes.isAlive(p)).isFalse());
        assertThat(Health.tcpOpen("127.0.0.1", StackPortsView.postgres(offset))).isFalse();
        assertThat(root.resolve(".verdict/pids/postgres.pid")).doesNotExist();
        assertThat(cli("down")).contains("Nothing was running");
    }

    private static long pid(String name) throws IOException {
        return Long.parseLong(
                Files.readString(root.resolve(".verdict/pids/" + name + ".pid")).trim());
    }

    private static List<String> databases() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://localhost:" + StackPortsView.postgres(offset) + "/postgres",
                        "postgres",
                        "postgres");
                ResultSet rs = c.createStatement().executeQuery("SELECT datname FROM pg_database")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** Runs ./verdict's main class in a JVM of its own (as the script does), returns stdout+stderr. */
    private static String cli(String... args) throws Exception {
        LauncherProcess.Run r = LauncherProcess.run(
                root, offset, Map.of("VERDICT_STACK_SKIP", "keycloak"), Duration.ofMinutes(5), args);
        assertThat(r.exitCode())
                .as("./verdict %s exit code; output:%n%s", String.join(" ", args), r.output())
                .isZero();
        return r.output();
    }

    /** The stack's ports for a given offset (StackPorts reads the offset of this JVM's environment). */
    private static final class StackPortsView {
        static int postgres(int offset) {
            return 15432 + offset;
        }
    }
}
