package dev.verdict.runtime.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostmasterTest {

    @TempDir
    Path data;

    @Test
    void readsThePidFromTheFirstLine() {
        assertThat(Postmaster.parsePid(List.of("5113", "/x/.verdict/postgres", "1764140000", "15432")))
                .hasValue(5113);
        assertThat(Postmaster.parsePid(List.of())).isEmpty();
        assertThat(Postmaster.parsePid(List.of("garbage"))).isEmpty();
    }

    @Test
    void aRecordedPidThatIsNotAPostgresProcessIsNotAnOrphan() throws Exception {
        // our own JVM's pid: alive, but not a postgres process, so it must never be signalled
        Files.writeString(
                data.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + data + "\n");
        assertThat(Postmaster.running(data)).isEmpty();
        assertThat(Postmaster.stopOrphan(data, java.time.Duration.ofSeconds(1))).isFalse();
    }
}
