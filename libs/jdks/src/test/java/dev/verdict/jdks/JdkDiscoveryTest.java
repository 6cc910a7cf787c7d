package dev.verdict.jdks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdkDiscoveryTest {

    @TempDir
    Path tmp;

    @Test
    void releaseFileIsParsed() {
        Map<String, String> p = JdkDiscovery.parseRelease("""
                IMPLEMENTOR="Eclipse Adoptium"
                IMPLEMENTOR_VERSION="Temurin-25.0.3+9"
                JAVA_VERSION="25.0.3"
                MODULES="java.base java.logging"
                # a comment
                garbage line
                """);
        assertThat(p)
                .containsEntry("IMPLEMENTOR", "Eclipse Adoptium")
                .containsEntry("JAVA_VERSION", "25.0.3")
                .containsEntry("MODULES", "java.base java.logging")
                .hasSize(4);
    }

    @Test
    void featureVersionOfEveryVersionScheme() {
        assertThat(JdkDiscovery.featureVersion("17.0.15")).isEqualTo(17);
        assertThat(JdkDiscovery.featureVersion("25")).isEqualTo(25);
        assertThat(JdkDiscovery.featureVersion("1.8.0_392")).isEqualTo(8);
        assertThat(JdkDiscovery.featureVersion("26-ea")).isEqualTo(26);
        assertThat(JdkDiscovery.featureVersion("banana")).isEqualTo(-1);
    }

    @Test
    void aFakeJdkDirectoryIsRead() throws Exception {
        Path home = JdkDirs.create(tmp, "fake-21", "Acme", "21.0.2");
        Jdk jdk = JdkDiscovery.inspect(home);
        assertThat(jdk.vendor()).isEqualTo("Acme");
        assertThat(jdk.version()).isEqualTo("21.0.2");
        assertThat(jdk.featureVersion()).isEqualTo(21);
        assertThat(jdk.runtimeVersion()).isEqualTo("21.0.2+1");
        assertThat(jdk.home()).isEqualTo(home.toRealPath().toString());
        assertThat(jdk.defaultLabel()).isEqualTo("jdk21");
    }

    @Test
    void pathsThatAreNotJdksGetAnErrorSayingWhy() throws Exception {
        assertThatThrownBy(() -> JdkDiscovery.inspect(tmp.resolve("nope")))
                .isInstanceOf(NotAJdkException.class)
                .hasMessageContaining("does not exist");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> JdkDiscovery.inspect(empty))
                .isInstanceOf(NotAJdkException.class)
                .hasMessageContaining("not a JDK: " + empty)
                .hasMessageContaining("no 'release' file");
        Path noVersion = Files.createDirectories(tmp.resolve("noversion"));
        Files.writeString(noVersion.resolve("release"), "IMPLEMENTOR=\"X\"\n");
        assertThatThrownBy(() -> JdkDiscovery.inspect(noVersion)).hasMessageContaining("has no JAVA_VERSION");
        Path noJava = Files.createDirectories(tmp.resolve("nojava"));
        Files.writeString(noJava.resolve("release"), "JAVA_VERSION=\"17\"\n");
        assertThatThrownBy(() -> JdkDiscovery.inspect(noJava)).hasMessageContaining("no executable bin/java");
        Path home = JdkDirs.create(tmp, "real", "Acme", "17.0.1");
        assertThatThrownBy(() -> JdkDiscovery.inspect(home.resolve("bin/java")))
                .hasMessageContaining("is a file")
                .hasMessageContaining("did you mean the JDK home " + home);
        assertThatThrownBy(() -> JdkDiscovery.inspect(home.resolve("bin")))
                .hasMessageContaining("did you mean the JDK home " + home);
    }

    @Test
    void discoveryFindsEachJdkOnceAndSaysWhatItSkipped() throws Exception {
        Path jvm = Files.createDirectories(tmp.resolve("jvm"));
        Path a = JdkDirs.create(jvm, "acme-17", "Acme", "17.0.9");
        JdkDirs.create(jvm, "other-25", "Other", "25.0.1");
        Files.createSymbolicLink(jvm.resolve("default-java"), a);
        Files.createDirectories(jvm.resolve("openjdk-17")); // Debian's source-only directory
        Path extra = JdkDirs.create(Files.createDirectories(tmp.resolve("opt")), "zulu-21", "Azul", "21.0.1");

        JdkDiscovery.Result r = JdkDiscovery.discover(
                new JdkDiscovery.Locations(a.toString(), List.of(jvm, tmp.resolve("missing-dir")), List.of(extra)));

        assertThat(r.jdks()).extracting(Jdk::featureVersion).containsExactly(17, 21, 25);
        assertThat(r.jdks().get(0).source()).isEqualTo("JAVA_HOME");
        assertThat(r.jdks().get(1).source()).isEqualTo("configured");
        assertThat(r.skipped()).containsKey(jvm.resolve("openjdk-17").toString());
        assertThat(r.skipped().get(jvm.resolve("openjdk-17").toString())).contains("no 'release' file");
    }

    @Test
    void theJdksOfThisMachineAreFound() {
        Path debian17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        Path temurin25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        assumeTrue(Files.isDirectory(debian17) || Files.isDirectory(temurin25), "no JDK under /usr/lib/jvm");
        JdkDiscovery.Result r = JdkDiscovery.discover(JdkDiscovery.defaults(List.of()));
        if (Files.isDirectory(debian17)) {
            assertThat(r.jdks()).anySatisfy(j -> {
                assertThat(j.home()).isEqualTo(debian17.toString());
                assertThat(j.featureVersion()).isEqualTo(17);
                assertThat(j.vendor()).isNotBlank();
            });
        }
        if (Files.isDirectory(temurin25)) {
            assertThat(r.jdks()).anySatisfy(j -> {
                assertThat(j.home()).isEqualTo(temurin25.toString());
                assertThat(j.featureVersion()).isEqualTo(25);
                assertThat(j.vendor()).isEqualTo("Eclipse Adoptium");
            });
        }
        // the symlink java-1.17.0-openjdk-amd64 -> java-17-openjdk-amd64 does not make a second entry
        assertThat(r.jdks()).extracting(Jdk::home).doesNotHaveDuplicates();
    }
}
