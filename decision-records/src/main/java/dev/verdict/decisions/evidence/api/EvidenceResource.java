package dev.verdict.decisions.evidence.api;

import dev.verdict.decisions.decision.api.DecisionViews.Page;
import dev.verdict.decisions.decision.service.DecisionService;
import dev.verdict.decisions.evidence.model.Evidence;
import dev.verdict.decisions.evidence.model.EvidenceDocument;
import dev.verdict.decisions.evidence.service.EvidenceService;
import dev.verdict.decisions.evidence.store.EvidenceStore;
import dev.verdict.decisions.shared.DecisionNumber;
import dev.verdict.problem.NotFoundException;
import dev.verdict.security.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Evidence: create (manual evidence with attachments, or any producer over REST), read, list. There is no update
 * and no delete: a correction is new evidence whose {@code supersedes} names the item it corrects.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class EvidenceResource {

    private final EvidenceService evidence;
    private final EvidenceStore store;
    private final DecisionService decisions;
    private final SecurityIdentity identity;

    public EvidenceResource(
            EvidenceService evidence, EvidenceStore store, DecisionService decisions, SecurityIdentity identity) {
        this.evidence = evidence;
        this.store = store;
        this.decisions = decisions;
        this.identity = identity;
    }

    /** An attachment sent with new evidence, its bytes base64-encoded. */
    public record AttachmentInput(String name, String mediaType, String contentBase64) {}

    /** New evidence: the evidence document (id, recordedAt and contentHash are assigned) plus attachments. */
    public record EvidenceInput(
            String kind,
            String subject,
            String decision,
            String metric,
            String comparison,
            EvidenceDocument.ProvenanceDoc provenance,
            EvidenceDocument.MeasurementsDoc measurements,
            EvidenceDocument.ResultDoc result,
            List<EvidenceDocument.GateDoc> gates,
            String supersedes,
            String notes,
            List<AttachmentInput> attachments) {}

    @POST
    @Path("/evidence")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("engineer")
    @Operation(summary = "Record evidence (any producer, or manual with base64 attachments); corrections supersede it")
    @APIResponse(
            responseCode = "201",
            description = "the stored evidence with its id, recordedAt and content hash;" + " Location is its URL")
    @APIResponse(
            responseCode = "400",
            description = "malformed JSON, no body, an attachment name that is empty or has"
                    + " a '/', or content that is not base64")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the engineer role")
    @APIResponse(responseCode = "404", description = "the named decision or superseded evidence does not exist")
    @APIResponse(responseCode = "413", description = "the body is larger than the request limit")
    @APIResponse(responseCode = "415", description = "the Content-Type is not application/json")
    @APIResponse(
            responseCode = "422",
            description = "invalid evidence (e.g. an unknown kind, or no subject, metric," + " provenance or result)")
    public Response create(EvidenceInput in) {
        if (in == null) {
            throw new IllegalArgumentException("a JSON body is required");
        }
        List<EvidenceService.NewAttachment> files = new ArrayList<>();
        if (in.attachments() != null) {
            for (AttachmentInput a : in.attachments()) {
                if (a == null
                        || a.name() == null
                        || a.name().isBlank()
                        || a.name().contains("/")) {
                    throw new IllegalArgumentException("every attachment needs a file name without '/'");
                }
                try {
                    files.add(new EvidenceService.NewAttachment(
                            a.name(),
                            a.mediaType(),
                            Base64.getDecoder().decode(a.contentBase64() == null ? "" : a.contentBase64())));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("attachment " + a.name() + ": contentBase64 is not base64");
                }
            }
        }
        EvidenceDocument doc = new EvidenceDocument(
                null,
                in.kind(),
                in.subject(),
                in.decision(),
                in.metric(),
                in.comparison(),
                in.provenance(),
                in.measurements(),
                in.result(),
                in.gates(),
                null,
                in.supersedes(),
                in.notes(),
                null,
                null);
        Evidence e = evidence.record(doc, files, Caller.of(identity));
        return Response.created(URI.create("/api/evidence/" + e.id()))
                .entity(EvidenceDocument.of(e))
                .build();
    }

    @GET
    @Path("/evidence/{id}")
    @RolesAllowed("viewer")
    @Operation(summary = "One evidence item")
    @APIResponse(responseCode = "200", description = "the evidence document, with its content hash and attachments")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such evidence (or an id that is not a UUID)")
    public EvidenceDocument get(@PathParam("id") String id) {
        return EvidenceDocument.of(evidence.get(uuid(id)));
    }

    /** The canonical JSON the content hash is computed over, so anyone can verify the hash. */
    @GET
    @Path("/evidence/{id}/canonical")
    @RolesAllowed("viewer")
    @Operation(summary = "The canonical JSON the evidence's content hash is computed over, to verify the hash")
    @APIResponse(responseCode = "200", description = "the canonical JSON; the Digest header is its SHA-256")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such evidence (or an id that is not a UUID)")
    public Response canonical(@PathParam("id") String id) {
        Evidence e = evidence.get(uuid(id));
        return Response.ok(e.canonicalJson(), MediaType.APPLICATION_JSON)
                .header("Digest", "sha-256=" + e.contentHash())
                .build();
    }

    @GET
    @Path("/evidence/{id}/attachments/{name}")
    @Produces(MediaType.WILDCARD)
    @RolesAllowed("viewer")
    @Operation(summary = "Download an attachment of an evidence item")
    @APIResponse(
            responseCode = "200",
            description = "the attachment's bytes, in its media type" + " (application/octet-stream if it has none)")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such evidence, or it has no attachment of that name")
    public Response attachment(@PathParam("id") String id, @PathParam("name") String name) {
        EvidenceStore.AttachmentData a = store.attachment(uuid(id), name)
                .orElseThrow(() -> new NotFoundException("evidence " + id + " has no attachment " + name));
        return Response.ok(a.data(), a.mediaType() == null ? MediaType.APPLICATION_OCTET_STREAM : a.mediaType())
                .build();
    }

    @GET
    @Path("/evidence")
    @RolesAllowed("viewer")
    @Operation(summary = "Evidence by decision, subject and kind, newest first, paged")
    @APIResponse(responseCode = "200", description = "the page; 'next' is the 'before' of the next page, or null")
    @APIResponse(
            responseCode = "400",
            description = "a decision that is not a decision number, limit outside 1..500,"
                    + " or a malformed 'before' token")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such decision, or a 'before' whose id part is not a UUID")
    public Page<EvidenceDocument> list(
            @QueryParam("decision") String decision,
            @QueryParam("subject") String subject,
            @QueryParam("kind") String kind,
            @QueryParam("before") String before,
            @QueryParam("limit") Integer limit) {
        DecisionNumber n = decision == null ? null : DecisionNumber.parse(decision);
        if (n != null) {
            decisions.get(n);
        }
        return page(n, subject, kind, before, limit);
    }

    Page<EvidenceDocument> page(DecisionNumber n, String subject, String kind, String before, Integer limit) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > 500) {
            throw new IllegalArgumentException("limit must be between 1 and 500");
        }
        Timestamp beforeAt = null;
        UUID beforeId = null;
        if (before != null) {
            // the page token is "<recordedAt>_<id>" of the last item of the previous page
            int sep = before.lastIndexOf('_');
            if (sep < 0) {
                throw new IllegalArgumentException("'before' must be a page token from a previous response");
            }
            try {
                beforeAt = Timestamp.from(Instant.parse(before.substring(0, sep)));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("'before' must be a page token from a previous response");
            }
            beforeId = uuid(before.substring(sep + 1));
        }
        List<Evidence> items = store.list(n, subject, kind, beforeAt, beforeId, size);
        String next = items.size() == size
                ? items.get(items.size() - 1).recordedAt() + "_"
                        + items.get(items.size() - 1).id()
                : null;
        return new Page<>(items.stream().map(EvidenceDocument::of).toList(), next);
    }

    private static UUID uuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no evidence " + s);
        }
    }
}
