package dev.verdict.plugin;

import java.util.Objects;

/**
 * What to run for a version: a jar ({@code java -jar}), a command line with a {@code {port}} placeholder, or a
 * container image (cluster targets). A target refuses the types it cannot run.
 */
public record Artifact(Type type, String value) {

    public enum Type {
        JAR,
        COMMAND,
        IMAGE
    }

    public Artifact {
        Objects.requireNonNull(type, "type");
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("an artifact needs a value (the jar, command or image)");
        }
        if (type == Type.COMMAND && !value.contains("{port}")) {
            throw new IllegalArgumentException("a command artifact must contain {port}, where the instance listens");
        }
    }
}
