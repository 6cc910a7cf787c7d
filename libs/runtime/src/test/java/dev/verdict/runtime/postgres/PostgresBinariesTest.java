package dev.verdict.runtime.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * First-run unpacking as a new machine sees it: an empty working directory, a folder left half-filled by an
 * interrupted run, a run killed with SIGKILL half way, two callers at once. Each ends with a real PostgreSQL started
 * by zonky from the folder, so "ready" means PostgreSQL runs, not only that a marker file exists.
 */
class PostgresBinariesTest {

    @TempDir
    Path tmp;

    @Test
    void anEmptyWorkingDirectoryIsFilledWithin64MbOfHeapAndPostgresStartsFromIt() throws Exception {
        Path work = tmp.resolve("embedded-pg");

        ChildRun run = child(work, "-Xmx64m");

        assertThat(run.process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(run.process.exitValue())
                .as("child output:%n%s", run.output())
                .isZero();
        Path folder = PostgresBinaries.in(work).folder();
        assertThat(PostgresBinaries.isReady(folder)).isTrue();
        assertThat(leftovers(work)).isEmpty();
        assertThat(selectOne(work)).isEqualTo(1);
    }

    @Test
    void aFolderLeftHalfFilledWithoutTheMarkerIsReplaced() throws Exception {
        Path work = tmp.resolve("embedded-pg");
        PostgresBinaries binaries = PostgresBinaries.in(work);
        Path folder = binaries.folder();
        // what an out-of-memory or disk-full unpack by zonky leaves: a truncated binary, a dangling symlink, no marker
        Files.createDirectories(folder.resolve("bin"));
        Files.createDirectories(folder.resolve("lib"));
        Files.writeString(folder.resolve("bin/postgres"), "truncated");
        Files.createSymbolicLink(folder.resolve("lib/libicuuc.so"), Path.of("libicuuc.so.76"));

        assertThat(binaries.prepare()).isEqualTo(folder);

        assertThat(Files.size(folder.resolve("bin/postgres"))).isGreaterThan(1_000_000);
        assertThat(Files.isExecutable(folder.resolve("bin/postgres"))).isTrue();
        assertThat(Files.exists(folder.resolve("lib/libicuuc.so")))
                .as("the symlink resolves now")
                .isTrue();
        assertThat(leftovers(work)).isEmpty();
        assertThat(selectOne(work)).isEqualTo(1);
    }

    @Test
    void aRunKilledWhileUnpackingLeavesNothingThatBreaksTheNextRun() throws Exception {
        Path work = tmp.resolve("embedded-pg");
        ChildRun run = child(work, "-Xmx64m");
        try {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> filesUnder(work) > 50);
        } finally {
            run.process.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook runs in the child
        }
        assertThat(run.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(PostgresBinaries.isReady(PostgresBinaries.in(work).folder()))
                .as("killed before the folder was complete; child output:%n%s", run.output())
                .isFalse();
        assertThat(leftovers(work)).as("the killed run's temp folder").isNotEmpty();

        Path folder = PostgresBinaries.in(work).prepare();

        assertThat(PostgresBinaries.isReady(folder)).isTrue();
        assertThat(leftovers(work)).isEmpty();
        assertThat(selectOne(work)).isEqualTo(1);
    }

    @Test
    void twoCallersAtOnceGetTheSameCompleteFolder() throws Exception {
        Path work = tmp.resolve("embedded-pg");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Path> prepare = () -> PostgresBinaries.in(work).prepare();
            List<Future<Path>> both = pool.invokeAll(List.of(prepare, prepare));
            assertThat(both.get(0).get()).isEqualTo(both.get(1).get());
            assertThat(PostgresBinaries.isReady(both.get(0).get())).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(leftovers(work)).isEmpty();
    }

    @Test
    void permissionsFollowTheTarModeAndTheOwnerCanAlwaysDelete() {
        assertThat(PostgresBinaries.permissions(0755))
                .extracting(Enum::name)
                .containsExactlyInAnyOrder(
                        "OWNER_READ",
                        "OWNER_WRITE",
                        "OWNER_EXECUTE",
                        "GROUP_READ",
                        "GROUP_EXECUTE",
                        "OTHERS_READ",
                        "OTHERS_EXECUTE");
        assertThat(PostgresBinaries.permissions(0444))
                .extracting(Enum::name)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE", "GROUP_READ", "OTHERS_READ");
    }

    /** Starts PostgreSQL through zonky from the working directory and runs a query. */
    private static int selectOne(Path work) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(work.toFile())
                        .start();
                Connection c = pg.getPostgresDatabase().getConnection();
                ResultSet rs = c.createStatement().executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<Path> leftovers(Path work) throws IOException {
        try (Stream<Path> s = Files.list(work)) {
            return s.filter(p -> p.getFileName().toString().matches("PG-\\w+\\.(unpack|broken)-.*"))
                    .toList();
        }
    }

    private static long filesUnder(Path work) {
        try (Stream<Path> s = Files.walk(work)) {
            return s.count();
        } catch (IOException e) {
            return 0; // a folder renamed while walking
        }
    }

    /** {@code java -XmxN PrepareMain work} in a JVM of its own, output to a file. */
    private ChildRun child(Path work, String heap) throws IOException {
        Path log = Files.createTempFile(tmp, "child", ".log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap,
                "-cp",
                System.getProperty("java.class.path"),
                PrepareMain.class.getName(),
                work.toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ChildRun(p, log);
    }

    private record ChildRun(Process process, Path log) {
        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
    }

    /** The child: prepares the binaries in the given working directory. */
    public static final class PrepareMain {
        public static void main(String[] args) {
            System.out.println(
                    "prepared " + PostgresBinaries.in(Path.of(args[0])).prepare());
        }
    }
}
