package dev.verdict.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which other processes competed: a real busy process outside the harness's tree is found and named. */
class CompetitionTest {

    @TempDir
    Path tmp;

    @Test
    void kindsTellBuildsFromThePlatformsServices() {
        assertThat(Competition.kind("java", "java -classpath /usr/share/maven/boot/plexus-classworlds.jar ..."))
                .isEqualTo("build");
        assertThat(Competition.kind("java", "java -Xmx256m -jar catalog-service/target/quarkus-app/quarkus-run.jar"))
                .isEqualTo("platform service");
        assertThat(Competition.kind("postgres", "postgres -D /var/tmp/verdict/pg"))
                .isEqualTo("platform service");
        assertThat(Competition.kind("kdamond.0", "")).isEqualTo("other");
    }

    @Test
    void aBusyProcessOutsideTheRunIsNamedButTheRunsOwnChildrenAreNot() throws Exception {
        Path pidFile = tmp.resolve("busy.pid");
        // the busy loop's parent shell exits at once, so the loop is re-parented and no longer our descendant
        new ProcessBuilder(
                        "bash",
                        "-c",
                        "(exec -a verdict-test-busy bash -c 'end=$((SECONDS+3)); while [ $SECONDS -lt $end ]; do :; done')"
                                + " & echo $! > " + pidFile)
                .start()
                .waitFor();
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        Process own =
                new ProcessBuilder("bash", "-c", "end=$((SECONDS+2)); while [ $SECONDS -lt $end ]; do :; done").start();
        Competition c = new Competition();
        Thread.sleep(1_500);
        c.sample();
        List<RunRecord.Competitor> top = c.top();
        own.waitFor();
        assertThat(top).anySatisfy(p -> {
            assertThat(p.pid()).isEqualTo(pid);
            assertThat(p.cpuSeconds()).isGreaterThan(0.3);
        });
        assertThat(top).noneMatch(p -> p.pid() == own.pid());
    }
}
