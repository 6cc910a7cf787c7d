package dev.verdict.decisions.madr;

/** One problem found in a decision file: the file (repository-relative), the 1-based line (0 = whole file), what is wrong. */
public record FormatProblem(String file, int line, String message) {

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
