package dev.verdict.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One located fault of the input, so a caller can fix every fault at once.
 *
 * @param path where the fault is: a JSON pointer into the body ({@code /metadata/name}), a field name or a file path
 * @param line 1-based line in the submitted text, or null when unknown / not text
 * @param column 1-based column, or null
 * @param message what is wrong and, where possible, what would be right
 * @param document 0-based index of the document in a multi-document submission (YAML {@code ---}), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(String path, Integer line, Integer column, String message, Integer document) {

    public Violation(String path, Integer line, Integer column, String message) {
        this(path, line, column, message, null);
    }

    /** A fault with a path but no position in a text (JSON fields, query parameters). */
    public static Violation at(String path, String message) {
        return new Violation(path, null, null, message, null);
    }
}
