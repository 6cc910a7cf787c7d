package dev.verdict.bench.run;

import dev.verdict.bench.BenchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the bundled workload suite's {@code benchmarks.jar} when no {@code --benchmarks-jar} is given. */
final class BenchmarksJar {

    private BenchmarksJar() {}

    /**
     * In order: {@code VERDICT_BENCH_JAR}; {@code benchmarks.jar} next to the CLI jar (a container image ships
     * both side by side); the workloads module's build output relative to the CLI jar and to the working directory.
     */
    static Path locate() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("VERDICT_BENCH_JAR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        try {
            Path self = Path.of(BenchmarksJar.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path dir = Files.isDirectory(self) ? self : self.getParent();
            candidates.add(dir.resolve("benchmarks.jar"));
            candidates.add(dir.resolve("../../workloads/target/benchmarks.jar").normalize());
        } catch (Exception e) {
            // no code source (unusual class loader): rely on the working directory
        }
        candidates.add(Path.of("benchmark-harness/workloads/target/benchmarks.jar"));
        candidates.add(Path.of("workloads/target/benchmarks.jar"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new BenchException("no benchmarks jar found (looked at " + candidates + "); build it with"
                + " ./mvnw -B -f benchmark-harness/pom.xml package -DskipTests, or pass --benchmarks-jar");
    }
}
