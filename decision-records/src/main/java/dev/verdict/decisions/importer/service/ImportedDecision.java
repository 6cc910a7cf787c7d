package dev.verdict.decisions.importer.service;

import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.importer.parse.ImportWarning;
import java.util.Comparator;
import java.util.List;

/**
 * One imported record: where it came from, the format it was read as, the decision, its path in Verdict's layout,
 * and what the importer had to assume (e.g. a missing date, an unknown status, a link to a record not imported), each
 * with its line, so nothing is decided silently.
 */
public record ImportedDecision(
        String sourcePath, ImportFormat format, Decision decision, String targetPath, List<ImportWarning> warnings) {
    public ImportedDecision {
        // whole-file warnings first, then by line
        warnings = warnings.stream()
                .sorted(Comparator.comparingInt(ImportWarning::line))
                .toList();
    }
}
