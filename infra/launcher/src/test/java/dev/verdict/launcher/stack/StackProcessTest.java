package dev.verdict.launcher.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.runtime.proc.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pid-file state against real OS processes: a recorded pid counts as ours only while it lives AND carries this
 * stack's marker, so a reused pid or a second checkout's process is never adopted or killed.
 */
class StackProcessTest {

    @TempDir
    Path root;

    @Test
    void recognisesOnlyLiveProcessesWithItsMarker() throws Exception {
        StackLayout layout = new StackLayout(root);
        Stack stack = new Stack(layout, System.out);
        StackContext ctx = stack.context();
        Component kafka = stack.allComponents().stream()
                .filter(c -> c.name().equals("kafka"))
                .findFirst()
                .orElseThrow();

        long ours = ctx.startDetached(
                "kafka",
                java.util.List.of(
                        "sh",
                        "-c",
                        "sleep 60; true",
                        "sh",
                        "-Dverdict.stack=kafka",
                        "-Dverdict.home=" + layout.stateDir()),
                Map.of(),
                root);
        Process foreign = new ProcessBuilder(
                        "sh",
                        "-c",
                        "sleep 60; true",
                        "sh",
                        "-Dverdict.stack=kafka",
                        "-Dverdict.home=/elsewhere/.verdict")
                .start();
        try {
            new PidFile(layout.pidFile("kafka")).write(ours);
            assertThat(stack.runningPid(kafka)).hasValue(ours);
            assertThat(Processes.processGroup(ours)).as("setsid: own group").isEqualTo(ours);

            new PidFile(layout.pidFile("kafka")).write(foreign.pid());
            assertThat(stack.runningPid(kafka)).as("other checkout's process").isEmpty();

            new PidFile(layout.pidFile("kafka")).write(ours);
            assertThat(Processes.stop(ours, false, "-TERM", Duration.ofSeconds(10)))
                    .isTrue();
            assertThat(stack.runningPid(kafka)).as("dead pid: stale").isEmpty();
        } finally {
            Processes.kill("-KILL", ours, true);
            foreign.destroyForcibly();
        }
    }

    @Test
    void groupStopReachesChildrenOfAWrapper() throws Exception {
        StackContext ctx = new Stack(new StackLayout(root), System.out).context();
        // like kc.sh: a shell whose child does the work; killing only the shell would orphan the child
        long leader = ctx.startDetached("wrapper", java.util.List.of("sh", "-c", "sleep 60 & wait"), Map.of(), root);
        Processes.sleep(Duration.ofMillis(300));
        assertThat(Processes.groupMembers(leader)).hasSizeGreaterThanOrEqualTo(2);

        assertThat(Processes.stop(leader, true, "-TERM", Duration.ofSeconds(10)))
                .isTrue();

        assertThat(Processes.isGroupAlive(leader)).isFalse();
        assertThat(Processes.groupMembers(leader)).isEmpty();
    }
}
