package dev.verdict.decisions.importer.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Loads a sample ADR repository from the test resources as source files with repository-relative paths. */
final class Repos {

    private Repos() {}

    static List<SourceFile> load(String resourceDir) {
        try {
            Path root = Path.of(Repos.class.getResource("/" + resourceDir).toURI());
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(Files::isRegularFile)
                        .sorted()
                        .map(p -> {
                            try {
                                return new SourceFile(
                                        root.relativize(p).toString().replace('\\', '/'),
                                        Files.readString(p, StandardCharsets.UTF_8));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        })
                        .toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
