package dev.verdict.allocation;

import dev.verdict.jdks.Jdk;
import dev.verdict.jdks.JdkDiscovery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * GrowthBook's own JVM SDK as an oracle. Its jar is Java 21 bytecode and this build runs on 17, so the questions go
 * to {@code src/test/oracle/GrowthBookOracle.java}, run in a JDK ≥ 21 found on the machine (libs/jdks) in
 * source-launcher mode, with this test's class path (which holds the SDK and its Kotlin libraries).
 */
final class GrowthBookOracle {

    private GrowthBookOracle() {}

    static Jdk jdk() {
        return JdkDiscovery.discover(JdkDiscovery.defaults(List.of())).jdks().stream()
                .filter(j -> j.featureVersion() >= 21)
                .max(Comparator.comparingInt(Jdk::featureVersion))
                .orElseThrow(() -> new IllegalStateException("GrowthBook's JVM SDK needs a JDK 21 or newer, and"
                        + " none was found (JAVA_HOME, /usr/lib/jvm, ~/.sdkman): install one, e.g. Temurin 25"));
    }

    /** One answer per question, in order. */
    static List<String> ask(List<String> questions) throws IOException, InterruptedException {
        Path input = Files.createTempFile("growthbook-oracle", ".tsv");
        try {
            Files.write(input, questions, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(
                            jdk().javaExecutable().toString(),
                            "-Xmx256m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            Path.of("src/test/oracle/GrowthBookOracle.java").toString())
                    .redirectInput(input.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            List<String> answers = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            if (p.waitFor() != 0 || answers.size() != questions.size()) {
                throw new IllegalStateException("the oracle exited " + p.exitValue() + " with " + answers.size()
                        + " answers to " + questions.size() + " questions");
            }
            return answers;
        } finally {
            Files.deleteIfExists(input);
        }
    }
}
