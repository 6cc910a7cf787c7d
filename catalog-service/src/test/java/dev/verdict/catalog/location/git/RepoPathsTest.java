package dev.verdict.catalog.location.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepoPathsTest {

    @Test
    void targetsResolveAgainstTheirFilesDirectory() {
        assertThat(RepoPaths.resolve("a/b/all.yaml", "./x.yaml")).contains("a/b/x.yaml");
        assertThat(RepoPaths.resolve("a/b/all.yaml", "x.yaml")).contains("a/b/x.yaml");
        assertThat(RepoPaths.resolve("a/b/all.yaml", "../c/./x.yaml")).contains("a/c/x.yaml");
        assertThat(RepoPaths.resolve("a/b/all.yaml", "/root.yaml")).contains("root.yaml");
        assertThat(RepoPaths.resolve("all.yaml", "file:./x.yaml")).contains("x.yaml");
        assertThat(RepoPaths.resolve("all.yaml", "./dir/*.yaml")).contains("dir/*.yaml");
    }

    @Test
    void aTargetLeavingTheRepositoryIsRefused() {
        assertThat(RepoPaths.resolve("a/all.yaml", "../../etc/passwd")).isEqualTo(Optional.empty());
        assertThat(RepoPaths.resolve("all.yaml", "..")).isEqualTo(Optional.empty());
    }

    @Test
    void aGlobExpandsToTheMatchingFilesOfTheTree() {
        Map<String, String> tree = Map.of("d/a.yaml", "1", "d/b.yaml", "2", "d/sub/c.yaml", "3", "d/x.txt", "4");
        assertThat(RepoPaths.expand("d/*.yaml", tree)).containsExactly("d/a.yaml", "d/b.yaml");
        // Backstage's (minimatch) reading: ** also matches no directory
        assertThat(RepoPaths.expand("d/**/*.yaml", tree)).containsExactly("d/a.yaml", "d/b.yaml", "d/sub/c.yaml");
        assertThat(RepoPaths.expand("d/a.yaml", tree)).containsExactly("d/a.yaml");
        assertThat(RepoPaths.expand("d/none.yaml", tree)).isEmpty();
    }
}
