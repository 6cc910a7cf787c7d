package dev.verdict.bench.run;

import dev.verdict.bench.BenchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes the {@code CpuTimeProfiler} (module {@code benchmark-harness/jmh-profiler}, carried inside this CLI but
 * never loaded here: it needs JMH) as a small jar for the benchmark JVMs' class path. This way it works with any
 * JMH benchmarks jar, not only the bundled one.
 */
final class ProfilerJar {

    static final String PROFILER_CLASS = "dev.verdict.bench.profiler.CpuTimeProfiler";

    private ProfilerJar() {}

    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path jar = dir.resolve("verdict-jmh-profiler.jar");
        String entry = PROFILER_CLASS.replace('.', '/') + ".class";
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (InputStream in = ProfilerJar.class.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new BenchException(
                        BenchException.RUN_FAILED,
                        "the harness is missing " + entry + " (build benchmark-harness/jmh-profiler)",
                        null);
            }
            try (OutputStream os = Files.newOutputStream(jar);
                    JarOutputStream out = new JarOutputStream(os, manifest)) {
                out.putNextEntry(new JarEntry(entry));
                in.transferTo(out);
                out.closeEntry();
            }
        }
        return jar.toAbsolutePath();
    }
}
