package dev.verdict.decisions.importer.service;

import dev.verdict.decisions.importer.parse.ImportWarning;
import dev.verdict.decisions.madr.FormatProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of reading an ADR repository: the decisions read, every file that could not be read (with file and
 * line), and every file that was deliberately not read as a decision (index, readme, template) with the reason;
 * {@link #files()} is the same per file, in path order, which is what a dry run shows.
 */
public record ImportResult(List<ImportedDecision> decisions, List<FormatProblem> problems, List<Skipped> skipped) {

    public record Skipped(String path, String reason) {}

    /** What became of one file. */
    public enum Outcome {
        /** read as a decision, nothing assumed */
        IMPORTED,
        /** read as a decision, with warnings */
        WARNED,
        /** not a decision (index, readme, template, not Markdown) */
        SKIPPED,
        /** cannot be read; the whole import is refused */
        FAILED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One file: its outcome, the decision it became (number, Verdict path, format read as), its warnings or problems
     * with their lines, and the reason it was skipped.
     */
    public record FileReport(
            String path,
            Outcome outcome,
            ImportedDecision decision,
            List<ImportWarning> warnings,
            List<FormatProblem> problems,
            String reason) {
        public FileReport {
            warnings = List.copyOf(warnings);
            problems = List.copyOf(problems);
        }
    }

    public ImportResult {
        decisions = List.copyOf(decisions);
        problems = List.copyOf(problems);
        skipped = List.copyOf(skipped);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** Every file given, once, in path order. */
    public List<FileReport> files() {
        List<FileReport> out = new ArrayList<>();
        for (ImportedDecision d : decisions) {
            out.add(new FileReport(
                    d.sourcePath(),
                    d.warnings().isEmpty() ? Outcome.IMPORTED : Outcome.WARNED,
                    d,
                    d.warnings(),
                    List.of(),
                    null));
        }
        for (Skipped s : skipped) {
            out.add(new FileReport(s.path(), Outcome.SKIPPED, null, List.of(), List.of(), s.reason()));
        }
        problems.stream()
                .map(FormatProblem::file)
                .distinct()
                .forEach(file -> out.add(new FileReport(
                        file,
                        Outcome.FAILED,
                        null,
                        List.of(),
                        problems.stream().filter(p -> p.file().equals(file)).toList(),
                        null)));
        out.sort(Comparator.comparing(FileReport::path));
        return out;
    }

    /** Every warning of every file, in path order. */
    public List<ImportWarning> warnings() {
        return files().stream().flatMap(f -> f.warnings().stream()).toList();
    }
}
