package dev.verdict.catalog.entity.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.catalog.entity.model.DescriptorReader;
import dev.verdict.catalog.entity.model.EntityRef;
import dev.verdict.catalog.entity.model.Kind;
import dev.verdict.catalog.entity.model.ParsedDescriptor;
import dev.verdict.catalog.entity.service.EntityService;
import dev.verdict.catalog.entity.service.EntityWriter;
import dev.verdict.catalog.entity.store.EntityFilter;
import dev.verdict.catalog.entity.store.EntityStore;
import dev.verdict.catalog.history.model.ChangeKind;
import dev.verdict.catalog.history.store.HistoryStore;
import dev.verdict.catalog.relation.store.RelationStore;
import dev.verdict.catalog.scorecard.service.ScorecardService;
import dev.verdict.catalog.scorecard.store.ScorecardStore;
import dev.verdict.problem.BodyLimitFilter;
import dev.verdict.problem.NotFoundException;
import dev.verdict.problem.ProblemConfig;
import dev.verdict.security.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The catalog's entity API. Thin: parse, authorize, call the service, render. */
@Path("/api/entities")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "entities")
public class EntityResource {

    public static final int MAX_LIMIT = 500;

    private final EntityService service;
    private final ScorecardService scorecards;
    private final SecurityIdentity identity;
    private final DescriptorReader reader;
    private final long maxBytes;

    public EntityResource(
            EntityService service,
            ScorecardService scorecards,
            SecurityIdentity identity,
            com.fasterxml.jackson.databind.ObjectMapper json,
            ProblemConfig problems) {
        this.service = service;
        this.scorecards = scorecards;
        this.identity = identity;
        this.reader = new DescriptorReader(json);
        this.maxBytes = problems.maxBodyBytes();
    }

    public record RegisterResponse(List<EntityWriter.WriteResult> entities) {}

    @POST
    @RolesAllowed("engineer")
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Operation(
            summary =
                    "Register or update entities from YAML (multi-document) or JSON (object or array); all or nothing")
    @APIResponse(
            responseCode = "200",
            description = "nothing new: per entity its ref, change (updated, unchanged) and"
                    + " the refs it makes that are not in the catalog yet")
    @APIResponse(
            responseCode = "201",
            description = "at least one entity created: per entity its ref, change (created,"
                    + " updated, unchanged) and the refs it makes that are not in the catalog yet")
    @APIResponse(
            responseCode = "400",
            description = "not well-formed YAML or JSON, or a document that is not a"
                    + " mapping; with document, line and column")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(
            responseCode = "403",
            description = "the token lacks the engineer role; Group and User entities need"
                    + " admin; changing another team's entity needs its owner group or admin")
    @APIResponse(responseCode = "409", description = "an entity is managed by a git location; change it there")
    @APIResponse(responseCode = "413", description = "the body is larger than the submission limit")
    @APIResponse(responseCode = "415", description = "the Content-Type is not YAML, JSON or text/plain")
    @APIResponse(
            responseCode = "422",
            description = "descriptors break catalog rules: every violation with document,"
                    + " line and column; nothing was stored")
    public Response register(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        if (body.length > maxBytes) {
            return BodyLimitFilter.tooLarge(maxBytes);
        }
        String text = new String(body, StandardCharsets.UTF_8);
        List<ParsedDescriptor> docs =
                contentType != null && contentType.toLowerCase().contains("json")
                        ? reader.readJson(text)
                        : reader.readYaml(text);
        List<EntityWriter.WriteResult> results = service.register(docs, Caller.of(identity));
        boolean created = results.stream().anyMatch(r -> r.change() == ChangeKind.CREATED);
        return Response.status(created ? 201 : 200)
                .entity(new RegisterResponse(results))
                .build();
    }

    /** The list's JSON shape (documented in OpenAPI; the body itself is assembled from database-rendered items). */
    public record ListResponse(List<ObjectNode> items, String nextCursor) {}

    @GET
    @RolesAllowed("viewer")
    @Operation(summary = "List entities with filters and full-text search, keyset-paginated by cursor")
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ListResponse.class)),
            description = "a page; 'nextCursor' is the cursor of the next page, or null")
    @APIResponse(
            responseCode = "400",
            description = "limit outside 1..500, an unknown kind, a malformed owner or"
                    + " system ref, orphaned not true or false, or a malformed cursor")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    public Response list(
            @QueryParam("kind") String kind,
            @QueryParam("namespace") String namespace,
            @QueryParam("owner") String owner,
            @QueryParam("lifecycle") String lifecycle,
            @QueryParam("tag") String tag,
            @QueryParam("system") String system,
            @QueryParam("type") String type,
            @QueryParam("q") String q,
            @QueryParam("orphaned") String orphaned,
            @QueryParam("limit") @DefaultValue("50") int limit,
            @QueryParam("cursor") String cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        String kindRef = null;
        if (kind != null) {
            kindRef = Kind.parse(kind)
                    .orElseThrow(() -> new IllegalArgumentException("unknown kind " + kind))
                    .refName();
        }
        String ns = namespace == null ? null : namespace.toLowerCase();
        String ownerRef = owner == null
                ? null
                : EntityRef.parse(owner, "Group", ns == null ? EntityRef.DEFAULT_NAMESPACE : ns)
                        .toString();
        String systemRef = system == null
                ? null
                : EntityRef.parse(system, "System", ns == null ? EntityRef.DEFAULT_NAMESPACE : ns)
                        .toString();
        EntityFilter filter =
                new EntityFilter(kindRef, ns, ownerRef, lifecycle, tag, systemRef, type, q, flag("orphaned", orphaned));
        EntityService.Page page = service.list(filter, decodeCursor(cursor), limit);
        // The items are JSON rendered by PostgreSQL: concatenated, never parsed (the cursor is base64url, no escaping).
        int size = 32;
        for (EntityStore.Rendered r : page.items()) {
            size += r.json().length() + 1;
        }
        StringBuilder body = new StringBuilder(size).append("{\"items\":[");
        for (int i = 0; i < page.items().size(); i++) {
            body.append(i == 0 ? "" : ",").append(page.items().get(i).json());
        }
        body.append("],\"nextCursor\":");
        body.append(page.more() ? "\"" + encodeCursor(page.lastRef()) + "\"" : "null")
                .append('}');
        return Response.ok(body.toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("/by-ref/{kind}/{namespace}/{name}")
    @RolesAllowed("viewer")
    @Operation(summary = "Get one entity with its relations")
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ObjectNode.class)),
            description = "the entity's descriptor with its relations")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such entity")
    public Response get(
            @PathParam("kind") String kind, @PathParam("namespace") String namespace, @PathParam("name") String name) {
        EntityRef ref = ref(kind, namespace, name);
        // JSON rendered by PostgreSQL from the stored JSONB: written as it is, never parsed here.
        String json = service.getRendered(ref).orElseThrow(() -> new NotFoundException("no entity " + ref));
        return Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("/by-ref/{kind}/{namespace}/{name}/relations")
    @RolesAllowed("viewer")
    @Operation(summary = "Relations of an entity, with whether each target exists")
    @APIResponse(responseCode = "200", description = "every relation: type, target ref and whether the target exists")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such entity")
    public List<RelationStore.RelationView> relations(
            @PathParam("kind") String kind, @PathParam("namespace") String namespace, @PathParam("name") String name) {
        return service.relations(ref(kind, namespace, name));
    }

    @GET
    @Path("/by-ref/{kind}/{namespace}/{name}/graph")
    @RolesAllowed("viewer")
    @Operation(summary = "Transitive dependsOn / dependencyOf graph of an entity to a depth (max 10)")
    @APIResponse(
            responseCode = "200",
            description = "the entities reached, each with its depth and whether it exists,"
                    + " and the edges leading away from the root")
    @APIResponse(responseCode = "400", description = "direction is not dependsOn, dependencyOf or both")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such entity")
    public EntityService.Graph graph(
            @PathParam("kind") String kind,
            @PathParam("namespace") String namespace,
            @PathParam("name") String name,
            @QueryParam("direction") @DefaultValue("dependsOn") String direction,
            @QueryParam("depth") @DefaultValue("3") int depth) {
        return service.graph(ref(kind, namespace, name), direction, depth);
    }

    public record HistoryResponse(List<HistoryStore.Entry> items, String nextCursor) {}

    @GET
    @Path("/by-ref/{kind}/{namespace}/{name}/history")
    @RolesAllowed("viewer")
    @Operation(summary = "Every change of an entity, newest first: who or which location, when, JSON diff")
    @APIResponse(
            responseCode = "200",
            description = "a page of changes (a deleted entity's too; empty for an unknown"
                    + " ref); 'nextCursor' is the cursor of the next page, or null")
    @APIResponse(responseCode = "400", description = "limit outside 1..500, or a malformed cursor")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    public HistoryResponse history(
            @PathParam("kind") String kind,
            @PathParam("namespace") String namespace,
            @PathParam("name") String name,
            @QueryParam("limit") @DefaultValue("50") int limit,
            @QueryParam("cursor") String cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        Long before = null;
        if (cursor != null) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed cursor");
            }
        }
        List<HistoryStore.Entry> items = service.history(ref(kind, namespace, name), before, limit + 1);
        boolean more = items.size() > limit;
        List<HistoryStore.Entry> page = more ? items.subList(0, limit) : items;
        return new HistoryResponse(
                page, more ? Long.toString(page.get(page.size() - 1).id()) : null);
    }

    @GET
    @Path("/by-ref/{kind}/{namespace}/{name}/scorecard")
    @RolesAllowed("viewer")
    @Operation(summary = "The entity's scorecard: level reached and every rule's result")
    @APIResponse(responseCode = "200", description = "the level reached, every rule's result and when it was computed")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(responseCode = "403", description = "the token lacks the viewer role")
    @APIResponse(responseCode = "404", description = "no such entity, or no scorecard computed for it")
    public ScorecardStore.Stored scorecard(
            @PathParam("kind") String kind, @PathParam("namespace") String namespace, @PathParam("name") String name) {
        EntityRef ref = ref(kind, namespace, name);
        return scorecards.find(ref.toString()).orElseThrow(() -> new NotFoundException("no entity " + ref));
    }

    @DELETE
    @Path("/by-ref/{kind}/{namespace}/{name}")
    @RolesAllowed("engineer")
    @Operation(summary = "Delete an entity (owner-group members or admin)")
    @APIResponse(responseCode = "204", description = "deleted; its history keeps the last version")
    @APIResponse(responseCode = "401", description = "no valid bearer token")
    @APIResponse(
            responseCode = "403",
            description = "the token lacks the engineer role, or the caller is neither in"
                    + " the entity's owner group nor admin (ownerless kinds: admin only)")
    @APIResponse(responseCode = "404", description = "no such entity")
    @APIResponse(
            responseCode = "409",
            description =
                    "a git location provides the entity; remove it from its" + " repository, or remove the location")
    public Response delete(
            @PathParam("kind") String kind, @PathParam("namespace") String namespace, @PathParam("name") String name) {
        EntityRef ref = ref(kind, namespace, name);
        if (!service.delete(ref, Caller.of(identity))) {
            throw new NotFoundException("no entity " + ref);
        }
        return Response.noContent().build();
    }

    private static EntityRef ref(String kind, String namespace, String name) {
        return new EntityRef(kind, namespace, name);
    }

    static String encodeCursor(String ref) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(ref.getBytes(StandardCharsets.UTF_8));
    }

    /** A true/false query parameter; JAX-RS would read any other word as false and filter the wrong way. */
    private static Boolean flag(String name, String value) {
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
        };
    }

    static String decodeCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed cursor");
        }
    }
}
