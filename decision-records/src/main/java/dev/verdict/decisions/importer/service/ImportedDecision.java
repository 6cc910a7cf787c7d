package dev.verdict.decisions.importer.service;

import dev.verdict.decisions.decision.model.Decision;
import java.util.List;

/**
 * One imported record: where it came from, the format it was read as, the decision, its path in Verdict's layout,
 * and what the importer had to assume (e.g. a missing date), so nothing is decided silently.
 */
public record ImportedDecision(
        String sourcePath, ImportFormat format, Decision decision, String targetPath, List<String> warnings) {
    public ImportedDecision {
        warnings = List.copyOf(warnings);
    }
}
