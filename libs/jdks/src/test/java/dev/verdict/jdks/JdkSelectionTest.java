package dev.verdict.jdks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdkSelectionTest {

    @TempDir
    Path tmp;

    JdkDiscovery.Result discovered;
    Path temurin25;

    @BeforeEach
    void jdks() throws Exception {
        Path debian17 = JdkDirs.create(tmp, "debian-17", "Debian", "17.0.15");
        temurin25 = JdkDirs.create(tmp, "temurin-25", "Eclipse Adoptium", "25.0.3");
        Path zulu25 = JdkDirs.create(tmp, "zulu-25", "Azul Systems, Inc.", "25.0.1");
        discovered = new JdkDiscovery.Result(
                List.of(JdkDiscovery.inspect(debian17), JdkDiscovery.inspect(temurin25), JdkDiscovery.inspect(zulu25)),
                Map.of());
    }

    @Test
    void byVersionByVendorAndByPathWithLabels() {
        List<JdkSelection.LabelledJdk> s =
                JdkSelection.select(List.of("17", "temurin-25", "z=" + tmp.resolve("zulu-25")), discovered);
        assertThat(s).extracting(JdkSelection.LabelledJdk::label).containsExactly("jdk17", "jdk25", "z");
        assertThat(s.get(1).jdk().vendor()).isEqualTo("Eclipse Adoptium");
        assertThat(s.get(2).jdk().vendor()).startsWith("Azul");
    }

    @Test
    void anAaRunNeedsTwoLabels() {
        assertThatThrownBy(() -> JdkSelection.select(List.of("17", "17"), discovered))
                .isInstanceOf(JdkException.class)
                .hasMessageContaining("two JDKs are labelled 'jdk17'")
                .hasMessageContaining("--jdk a=17 --jdk b=17");
        assertThat(JdkSelection.select(List.of("a=17", "b=17"), discovered))
                .extracting(JdkSelection.LabelledJdk::label)
                .containsExactly("a", "b");
    }

    @Test
    void ambiguousUnknownAndNonJdkTargetsAreExplained() {
        assertThatThrownBy(() -> JdkSelection.select(List.of("25"), discovered))
                .hasMessageContaining("'25' matches 2 JDKs")
                .hasMessageContaining("temurin-25");
        assertThatThrownBy(() -> JdkSelection.select(List.of("11"), discovered))
                .hasMessageContaining("no installed JDK matches '11'")
                .hasMessageContaining("found: Debian 17.0.15");
        assertThatThrownBy(() -> JdkSelection.select(List.of(tmp.toString()), discovered))
                .isInstanceOf(NotAJdkException.class)
                .hasMessageContaining("not a JDK: " + tmp);
        assertThatThrownBy(() -> JdkSelection.select(List.of("bad/label=17"), discovered))
                .hasMessageContaining("invalid JDK label 'bad/label'");
    }
}
