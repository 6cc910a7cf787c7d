package dev.verdict.launcher.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {

    @TempDir
    Path tmp;

    @Test
    void roundTripsAndDeletes() {
        PidFile f = new PidFile(tmp.resolve("pids/kafka.pid"));
        f.write(4242);
        assertThat(f.read()).hasValue(4242);
        f.delete();
        assertThat(f.read()).isEmpty();
        assertThat(f.path()).doesNotExist();
    }

    @Test
    void garbledOrMissingFilesReadAsNoPid() throws Exception {
        Path p = tmp.resolve("x.pid");
        assertThat(new PidFile(p).read()).isEmpty();
        Files.writeString(p, "12ab\n");
        assertThat(new PidFile(p).read()).isEmpty();
        Files.writeString(p, "-5\n");
        assertThat(new PidFile(p).read()).isEmpty();
        Files.writeString(p, " 77 \n");
        assertThat(new PidFile(p).read()).hasValue(77);
    }
}
