package dev.verdict.decisions.madr;

import java.util.List;

/** A decision file (front matter or Markdown) that cannot be read; carries every problem with file and line. */
public class DecisionFormatException extends RuntimeException {

    private final List<FormatProblem> problems;

    public DecisionFormatException(List<FormatProblem> problems) {
        super(
                problems.isEmpty()
                        ? "malformed decision file"
                        : problems.get(0).toString()
                                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        this.problems = List.copyOf(problems);
    }

    public DecisionFormatException(String file, int line, String message) {
        this(List.of(new FormatProblem(file, line, message)));
    }

    public List<FormatProblem> problems() {
        return problems;
    }
}
