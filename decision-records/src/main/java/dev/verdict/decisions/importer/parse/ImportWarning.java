package dev.verdict.decisions.importer.parse;

/**
 * Something the importer had to assume or could not carry over for one file, which did not stop the file from
 * being imported: the file (repository-relative), the 1-based line (0 = the whole file) and what happened.
 */
public record ImportWarning(String file, int line, String message) {

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
