package dev.verdict.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.testing.PackageCycles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/architecture.md, "Packages: feature, then layer": the arrows between packages never form a cycle. */
class PackageRulesTest {

    @Test
    void noTwoPackagesUseEachOther() {
        PackageCycles graph = PackageCycles.of(Path.of("src/main/java"), "dev.verdict.deploy");
        assertThat(graph.packages()).hasSizeGreaterThan(2);
        assertThat(graph.cycles()).as("package cycles (a -> b: files)").isEmpty();
    }
}
