package dev.verdict.decisions.importer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verdict.decisions.decision.api.DecisionViews;
import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.decision.service.DecisionService;
import dev.verdict.decisions.importer.parse.ImportWarning;
import dev.verdict.decisions.importer.service.AdrImporter;
import dev.verdict.decisions.importer.service.ImportFormat;
import dev.verdict.decisions.importer.service.ImportResult;
import dev.verdict.decisions.importer.service.ImportedDecision;
import dev.verdict.decisions.importer.service.SourceFile;
import dev.verdict.problem.Problem;
import dev.verdict.problem.ProblemException;
import dev.verdict.problem.Violation;
import dev.verdict.security.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Imports an existing ADR repository (adr-tools, MADR 2–4, log4brains). All or nothing: if any file cannot be read
 * the answer is 422 listing every problem with file and line (and every file's outcome in {@code files}), and nothing
 * is stored. Unknown statuses and links to records outside the set are warnings, not problems. {@code dryRun} reports
 * the same as the import would, per file (imported, warned, skipped, failed, with lines), and stores nothing.
 */
@Path("/api/import")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    private final DecisionService decisions;
    private final SecurityIdentity identity;

    public ImportResource(DecisionService decisions, SecurityIdentity identity) {
        this.decisions = decisions;
        this.identity = identity;
    }

    public record FileInput(String path, String content) {}

    public record ImportRequest(
            String format, String source, Boolean dryRun, Boolean renumber, List<FileInput> files) {}

    /** A warning of one file: its line (0 = the whole file) and what the importer assumed or could not carry over. */
    public record LineNote(int line, String message) {}

    /** A warning with its file, for the flat list of all of them. */
    public record FileNote(String file, int line, String message) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImportedView(
            String id,
            String title,
            String status,
            String statusLabel,
            LocalDate date,
            String dateLabel,
            String sourcePath,
            String format,
            String targetPath,
            List<DecisionViews.UnresolvedLinkView> unresolvedLinks,
            List<LineNote> warnings) {}

    /** What became of one file: imported, warned (imported with warnings), skipped (with the reason) or failed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileView(
            String path,
            String outcome,
            String decision,
            String targetPath,
            String format,
            String reason,
            List<LineNote> warnings,
            List<LineNote> problems) {}

    public record Counts(int imported, int warned, int skipped, int failed) {}

    public record ImportResponse(
            boolean dryRun,
            Counts counts,
            List<FileView> files,
            List<FileNote> warnings,
            List<ImportedView> decisions,
            List<String> stored,
            List<ImportResult.Skipped> skipped) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("architect")
    @Operation(summary = "Import an ADR repository (adr-tools, MADR 2-4, log4brains); all files or none")
    @APIResponse(responseCode = "200", description = "dryRun: what would be imported; nothing was stored")
    @APIResponse(responseCode = "201", description = "the decisions imported, their numbers, and the files skipped")
    @APIResponse(
            responseCode = "400",
            description =
                    "malformed JSON, no 'files', or a format that is not auto," + " adr-tools, madr or log4brains")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the architect role")
    @APIResponse(responseCode = "409", description = "a decision number exists already; import with renumber")
    @APIResponse(responseCode = "413", description = "the body is larger than the request limit")
    @APIResponse(responseCode = "415", description = "the Content-Type is not application/json")
    @APIResponse(
            responseCode = "422",
            description = "files that cannot be read, every problem with file and line in 'violations', every file's"
                    + " outcome in 'files'; nothing was imported (also for a dry run)")
    public Response importRepository(ImportRequest req) {
        if (req == null || req.files() == null || req.files().isEmpty()) {
            throw new IllegalArgumentException("'files' ([{path, content}]) is required");
        }
        ImportFormat format;
        try {
            format = req.format() == null
                    ? ImportFormat.AUTO
                    : ImportFormat.valueOf(req.format().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("format must be auto, adr-tools, madr or log4brains");
        }
        List<SourceFile> files = req.files().stream()
                .map(f -> new SourceFile(f.path(), f.content()))
                .toList();
        ImportResult result = AdrImporter.importFiles(files, format);
        List<FileView> report =
                result.files().stream().map(ImportResource::file).toList();
        if (!result.ok()) {
            long failed = report.stream()
                    .filter(f -> f.outcome().equals(ImportResult.Outcome.FAILED.label()))
                    .count();
            throw new ProblemException(Problem.of(
                            "invalid",
                            "Input breaks a rule",
                            422,
                            failed + " file(s) cannot be read; nothing was imported")
                    .withViolations(result.problems().stream()
                            .map(p -> new Violation(p.file(), p.line() > 0 ? p.line() : null, null, p.message()))
                            .toList())
                    .with("counts", counts(result))
                    .with("files", report));
        }
        List<ImportedView> views =
                result.decisions().stream().map(ImportResource::view).toList();
        boolean dry = Boolean.TRUE.equals(req.dryRun());
        List<String> stored = List.of();
        if (!dry) {
            List<Decision> ds =
                    result.decisions().stream().map(ImportedDecision::decision).toList();
            stored = decisions
                    .importAll(
                            ds,
                            req.source() == null ? "an ADR repository" : req.source(),
                            Boolean.TRUE.equals(req.renumber()),
                            Caller.of(identity))
                    .stream()
                    .map(r -> r.decision().number().toString())
                    .toList();
        }
        return Response.status(dry ? 200 : 201)
                .entity(new ImportResponse(
                        dry,
                        counts(result),
                        report,
                        result.warnings().stream()
                                .map(w -> new FileNote(w.file(), w.line(), w.message()))
                                .toList(),
                        views,
                        stored,
                        result.skipped()))
                .build();
    }

    private static Counts counts(ImportResult r) {
        Map<ImportResult.Outcome, Long> n = r.files().stream()
                .collect(Collectors.groupingBy(ImportResult.FileReport::outcome, Collectors.counting()));
        return new Counts(
                n.getOrDefault(ImportResult.Outcome.IMPORTED, 0L).intValue(),
                n.getOrDefault(ImportResult.Outcome.WARNED, 0L).intValue(),
                n.getOrDefault(ImportResult.Outcome.SKIPPED, 0L).intValue(),
                n.getOrDefault(ImportResult.Outcome.FAILED, 0L).intValue());
    }

    private static String format(ImportFormat f) {
        return f.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static List<LineNote> notes(List<ImportWarning> warnings) {
        return warnings.stream().map(w -> new LineNote(w.line(), w.message())).toList();
    }

    private static FileView file(ImportResult.FileReport f) {
        ImportedDecision d = f.decision();
        return new FileView(
                f.path(),
                f.outcome().label(),
                d == null ? null : d.decision().number().toString(),
                d == null ? null : d.targetPath(),
                d == null ? null : format(d.format()),
                f.reason(),
                notes(f.warnings()),
                f.problems().stream()
                        .map(p -> new LineNote(p.line(), p.message()))
                        .toList());
    }

    private static ImportedView view(ImportedDecision i) {
        return new ImportedView(
                i.decision().number().toString(),
                i.decision().title(),
                i.decision().status().label(),
                i.decision().statusLabel(),
                i.decision().date(),
                i.decision().dateLabel(),
                i.sourcePath(),
                format(i.format()),
                i.targetPath(),
                i.decision().unresolvedLinks().stream()
                        .map(l -> new DecisionViews.UnresolvedLinkView(
                                l.relation().label(), l.text()))
                        .toList(),
                notes(i.warnings()));
    }
}
