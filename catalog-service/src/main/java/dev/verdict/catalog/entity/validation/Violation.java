package dev.verdict.catalog.entity.validation;

/**
 * One broken rule of a descriptor.
 *
 * @param document 0-based index of the document in the submission
 * @param path JSON pointer to the offending value ({@code /metadata/name})
 * @param line 1-based line in the YAML text, or null for JSON submissions
 * @param column 1-based column, or null
 */
public record Violation(int document, String path, Integer line, Integer column, String message) {
}
