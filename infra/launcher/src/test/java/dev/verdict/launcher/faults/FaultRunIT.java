package dev.verdict.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.launcher.LauncherProcess;
import dev.verdict.runtime.files.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The short seeded fault run of issue #18, inside {@code ./mvnw -B verify}: {@code ./verdict up} starts the real
 * stack (PostgreSQL, Kafka, Keycloak, catalog-service, deploy-orchestrator, decision-records, the demo data and the
 * demo payments-api) from the jars this build packaged, then {@code ./verdict faults} SIGKILLs each service and the
 * Kafka broker and stops PostgreSQL once, under load, and reconciles every message. The portal is left out (the
 * fault run does not use it; PortalIT covers it). The long runs are the command itself (docs/security.md).
 *
 * <p>The stack runs in a "repository" of its own under target/: a root pom naming the three services, and links to
 * their packaged {@code target/quarkus-app}, the demo service's jar, the demo data and the realm; its state
 * ({@code .verdict/}) is the test's, on ports shifted by a free offset.
 */
class FaultRunIT {

    static final List<String> SERVICES = List.of("catalog-service", "deploy-orchestrator", "decision-records");
    /** Every port of the stack, unshifted (StackPorts): PostgreSQL, Kafka, its controller, Keycloak, the services. */
    static final int[] PORTS = {15432, 19092, 19093, 8180, 9000, 8090, 8081, 8082, 8083};

    static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    static Path root;
    static int offset;

    @BeforeAll
    static void stack() throws Exception {
        root = Files.createTempDirectory(Path.of("target"), "fault-run-it-").toAbsolutePath();
        StringBuilder modules = new StringBuilder();
        for (String s : SERVICES) {
            Path app = REPO.resolve(s).resolve("target/quarkus-app");
            assertThat(app.resolve("quarkus-run.jar"))
                    .as("the build packages %s before the launcher's ITs", s)
                    .isRegularFile();
            Files.createDirectories(root.resolve(s).resolve("target"));
            Files.createSymbolicLink(root.resolve(s).resolve("target/quarkus-app"), app);
            modules.append("<module>").append(s).append("</module>");
        }
        Files.writeString(root.resolve("pom.xml"), "<project><modules>" + modules + "</modules></project>\n");
        Files.createDirectories(root.resolve("infra/demo-service"));
        for (String shared : List.of("infra/demo", "infra/keycloak", "infra/demo-service/target")) {
            Files.createSymbolicLink(root.resolve(shared), REPO.resolve(shared));
        }
        offset = LauncherProcess.freeOffset(PORTS);
        LauncherProcess.Run up = cli(Duration.ofMinutes(6), "up", "--no-build");
        assertThat(up.exitCode()).as("./verdict up:%n%s", up.output()).isZero();
    }

    @AfterAll
    static void down() throws Exception {
        if (root == null) {
            return;
        }
        try {
            cli(Duration.ofMinutes(3), "down");
        } finally {
            // the links are deleted, not what they point at
            Trees.deleteQuietly(root);
        }
    }

    static LauncherProcess.Run cli(Duration limit, String... args) throws IOException, InterruptedException {
        return LauncherProcess.run(root, offset, Map.of(), limit, args);
    }

    @Test
    void everyEventHasExactlyOneEffectAfterEachServiceKafkaAndPostgresFailedOnce() throws Exception {
        // 5 targets (3 services, kafka, postgres), each once; 6 s mean gaps keep the run at ~2-3 minutes
        LauncherProcess.Run run = cli(Duration.ofMinutes(12), "faults", "--seed", "18", "--faults", "5", "--gap", "6");

        String out = run.output();
        System.out.println(out); // the report, in the build's log
        assertThat(out)
                .as("the fault run's report:%n%s", out)
                .contains("SIGKILL catalog-service", "SIGKILL deploy-orchestrator", "SIGKILL decision-records")
                .contains("SIGKILL kafka", "stop postgres")
                .containsPattern("consumed: .*; applied once [1-9]\\d*, parked with a reason \\d+, lost 0, doubled 0")
                .containsPattern("users: [1-9]\\d* components registered \\(acknowledged\\), 0 missing")
                .containsPattern("[1-9]\\d* deployments .*, 0 unfinished")
                .contains("0 stored status != fresh evaluation")
                // the demo experiment's shoppers ran through the faults, paused for the recount; every arm equals it
                .contains("demo shoppers paused", "demo shoppers resumed")
                .containsPattern(
                        "experiments: 1 recounted; exposures [1-9]\\d* \\(first of their unit [1-9]\\d*,"
                                + ".*observations [1-9]\\d* \\(in an exposed unit's x or y [1-9]\\d*,.*arms [1-9]\\d*, differing 0")
                .containsPattern("secrets: [1-9]\\d* log files of the stack scanned, 0 credentials found")
                .contains("RESULT: clean");
        assertThat(run.exitCode()).as("exit code; report:%n%s", out).isZero();
    }
}
