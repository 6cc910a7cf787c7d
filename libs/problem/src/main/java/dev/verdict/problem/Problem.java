package dev.verdict.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import jakarta.ws.rs.core.Response;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An RFC 9457 problem details body, the one error shape of every Verdict API. {@code violations} lists every located
 * fault of the input ({@code path}, {@code line}, {@code column}, {@code message}); {@code members} are the RFC's
 * extension members, written at the top level of the JSON (e.g. {@code allowed}, {@code line} of a syntax error,
 * {@code correlationId} of a 500).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance", "violations"})
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        List<Violation> violations,
        @JsonAnyGetter @JsonAnySetter Map<String, Object> members) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** Problem types are {@code TYPE_BASE + slug}; the slug names the kind of error (not-found, conflict, ...). */
    public static final String TYPE_BASE = "https://verdict.dev/problems/";

    private static final Set<String> STANDARD = Set.of("type", "title", "status", "detail", "instance", "violations");

    public Problem {
        // Empty lists/maps are omitted from the JSON, so "no violations" has one representation: absent.
        violations = violations == null || violations.isEmpty() ? null : List.copyOf(violations);
        if (members == null || members.isEmpty()) {
            members = Map.of();
        } else {
            for (String name : members.keySet()) {
                if (STANDARD.contains(name)) {
                    throw new IllegalArgumentException("'" + name + "' is a standard problem member, not an extension");
                }
            }
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }
    }

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, null, null);
    }

    public Problem withViolations(List<Violation> list) {
        return new Problem(type, title, status, detail, instance, list, members);
    }

    public Problem withInstance(String uri) {
        return new Problem(type, title, status, detail, uri, violations, members);
    }

    /** Adds an extension member; a null value is left out (the JSON would only say "we don't know"). */
    public Problem with(String name, Object value) {
        if (value == null) {
            return this;
        }
        Map<String, Object> copy = new LinkedHashMap<>(members);
        copy.put(name, value);
        return new Problem(type, title, status, detail, instance, violations, copy);
    }

    /** The response carrying this problem: its status, {@code application/problem+json}, this body. */
    public Response toResponse() {
        return toResponseBuilder().build();
    }

    public Response.ResponseBuilder toResponseBuilder() {
        return Response.status(status).type(MEDIA_TYPE).entity(this);
    }
}
