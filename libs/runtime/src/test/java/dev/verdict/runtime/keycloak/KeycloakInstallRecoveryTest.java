package dev.verdict.runtime.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An install killed with SIGKILL in the middle (after the unpack, inside the augmentation) leaves only a temp tree
 * that the next install sweeps, never a half-made cache entry. A small real tar.gz with the distribution's layout
 * stands in for the 160 MB archive, and the augmentation is replaced by a step that marks itself (in the child:
 * then blocks until killed).
 */
class KeycloakInstallRecoveryTest {

    private static final String VERSION = "9.9.9";

    @TempDir
    Path tmp;

    @Test
    void anInstallKilledWhileAugmentingIsSweptAndTheNextInstallCompletes() throws Exception {
        Path repo = tmp.resolve("repo");
        Path cache = tmp.resolve("cache");
        writeArchive(new KeycloakDistribution(VERSION, repo, cache).archive());
        Path log = tmp.resolve("child.log");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        BlockingInstall.class.getName(),
                        repo.toString(),
                        cache.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            await().atMost(Duration.ofMinutes(1)).until(() -> augmenting(cache));
        } finally {
            child.destroyForcibly(); // SIGKILL: the child's finally (which deletes its temp tree) never runs
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        KeycloakDistribution dist = new KeycloakDistribution(
                VERSION,
                repo,
                cache,
                KeycloakDistribution.CENTRAL,
                (home, augmentLog) -> Files.writeString(home.resolve("augmented-here"), "yes"));
        assertThat(dist.isInstalled())
                .as("child output: %s", Files.readString(log, StandardCharsets.UTF_8))
                .isFalse();
        assertThat(leftovers(cache)).as("the killed install's temp tree").hasSize(1);

        Path home = dist.install();

        assertThat(dist.isInstalled()).isTrue();
        assertThat(home.resolve("bin/kc.sh")).hasContent("#!/bin/sh");
        assertThat(home.resolve("augmented-here")).exists();
        assertThat(home.resolve("augmenting"))
                .as("nothing of the killed run in the cache entry")
                .doesNotExist();
        assertThat(leftovers(cache)).isEmpty();
    }

    @Test
    void aCacheEntryWithoutTheReadyMarkerIsReplaced() throws Exception {
        Path repo = tmp.resolve("repo");
        Path cache = tmp.resolve("cache");
        KeycloakDistribution dist = new KeycloakDistribution(
                VERSION,
                repo,
                cache,
                KeycloakDistribution.CENTRAL,
                (home, augmentLog) -> Files.writeString(home.resolve("augmented-here"), "yes"));
        writeArchive(dist.archive());
        Files.createDirectories(dist.home().resolve("lib"));
        Files.writeString(dist.home().resolve("lib/half-copied.jar"), "x"); // e.g. an older launcher's layout

        dist.install();

        assertThat(dist.home().resolve("lib/half-copied.jar")).doesNotExist();
        assertThat(dist.home().resolve("bin/kc.sh")).exists();
        assertThat(dist.isInstalled()).isTrue();
    }

    private static boolean augmenting(Path cache) throws IOException {
        // the child may not have made the cache yet, or renames inside it while we look: not augmenting yet
        if (!Files.isDirectory(cache)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(cache)) {
            return s.anyMatch(p -> p.getFileName().toString().equals("augmenting"));
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    private static List<Path> leftovers(Path cache) throws IOException {
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> p.getFileName().toString().startsWith("keycloak-" + VERSION + ".unpack-"))
                    .toList();
        }
    }

    /** keycloak-9.9.9/bin/kc.sh and lib/quarkus-run.jar in a tar.gz made by tar(1), as Central's archive is. */
    private void writeArchive(Path archive) throws Exception {
        Path src = Files.createTempDirectory(tmp, "src");
        Path dist = src.resolve("keycloak-" + VERSION);
        Files.createDirectories(dist.resolve("bin"));
        Files.createDirectories(dist.resolve("lib"));
        Files.writeString(dist.resolve("bin/kc.sh"), "#!/bin/sh");
        Files.writeString(dist.resolve("lib/quarkus-run.jar"), "jar");
        Files.createDirectories(archive.getParent());
        Process tar = new ProcessBuilder(
                        "tar",
                        "-czf",
                        archive.toString(),
                        "-C",
                        src.toString(),
                        dist.getFileName().toString())
                .inheritIO()
                .start();
        assertThat(tar.waitFor()).isZero();
    }

    /** The child: installs with an augmentation that marks itself and then never finishes. */
    public static final class BlockingInstall {
        public static void main(String[] args) throws Exception {
            new KeycloakDistribution(
                            VERSION, Path.of(args[0]), Path.of(args[1]), KeycloakDistribution.CENTRAL, (home, log) -> {
                                Files.writeString(home.resolve("augmenting"), "started");
                                try {
                                    Thread.sleep(Long.MAX_VALUE);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            })
                    .install();
        }
    }
}
