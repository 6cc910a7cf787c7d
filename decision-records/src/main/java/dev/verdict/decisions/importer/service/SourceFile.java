package dev.verdict.decisions.importer.service;

/** A file of the repository being imported: its repository-relative path and its text. */
public record SourceFile(String path, String content) {
    public SourceFile {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("source file path is required");
        }
        content = content == null ? "" : content;
    }

    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
