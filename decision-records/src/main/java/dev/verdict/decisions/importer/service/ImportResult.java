package dev.verdict.decisions.importer.service;

import dev.verdict.decisions.madr.FormatProblem;
import java.util.List;

/**
 * The outcome of reading an ADR repository: the decisions read, every file that could not be read (with file and
 * line), and every file that was deliberately not read as a decision (index, readme, template) with the reason.
 */
public record ImportResult(List<ImportedDecision> decisions, List<FormatProblem> problems, List<Skipped> skipped) {

    public record Skipped(String path, String reason) {}

    public ImportResult {
        decisions = List.copyOf(decisions);
        problems = List.copyOf(problems);
        skipped = List.copyOf(skipped);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
