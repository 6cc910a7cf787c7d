package dev.verdict.decisions.importer.api;

import dev.verdict.decisions.decision.model.Decision;
import dev.verdict.decisions.decision.service.DecisionService;
import dev.verdict.decisions.importer.service.AdrImporter;
import dev.verdict.decisions.importer.service.ImportFormat;
import dev.verdict.decisions.importer.service.ImportResult;
import dev.verdict.decisions.importer.service.ImportedDecision;
import dev.verdict.decisions.importer.service.SourceFile;
import dev.verdict.problem.UnprocessableException;
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
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Imports an existing ADR repository (adr-tools, MADR 2–4, log4brains). All or nothing: if any file cannot be read
 * the answer is 422 listing every problem with file and line, and nothing is stored. {@code dryRun} reports what
 * would be imported.
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

    public record ImportedView(
            String id,
            String title,
            String status,
            String sourcePath,
            String format,
            String targetPath,
            List<String> warnings) {}

    public record ImportResponse(
            boolean dryRun, List<ImportedView> decisions, List<String> stored, List<ImportResult.Skipped> skipped) {}

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
            description = "files that cannot be read, every problem with file and line;" + " nothing was imported")
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
        ImportResult result = AdrImporter.importFiles(files, format, LocalDate.now(ZoneOffset.UTC));
        if (!result.ok()) {
            throw new UnprocessableException(
                    result.problems().size() + " file(s) cannot be read; nothing was imported",
                    result.problems().stream()
                            .map(p -> new Violation(p.file(), p.line() > 0 ? p.line() : null, null, p.message()))
                            .toList());
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
                .entity(new ImportResponse(dry, views, stored, result.skipped()))
                .build();
    }

    private static ImportedView view(ImportedDecision i) {
        return new ImportedView(
                i.decision().number().toString(),
                i.decision().title(),
                i.decision().status().label(),
                i.sourcePath(),
                i.format().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                i.targetPath(),
                i.warnings());
    }
}
