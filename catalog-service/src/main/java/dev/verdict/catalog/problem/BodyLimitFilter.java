package dev.verdict.catalog.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Rejects bodies over the catalog's limit (1 MiB) with a problem+json 413 before they are read. The HTTP layer's
 * own limit ({@code quarkus.http.limits.max-body-size}) sits above it as a hard stop for bodies that declare no
 * length; resources check the length of what they read as well.
 */
public class BodyLimitFilter {

    private final long maxBytes;

    public BodyLimitFilter(@ConfigProperty(name = "verdict.catalog.max-body-bytes", defaultValue = "1048576") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext ctx) {
        String length = ctx.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBytes) {
                    return tooLarge(maxBytes);
                }
            } catch (NumberFormatException ignored) {
                // the HTTP layer rejects malformed lengths
            }
        }
        return null;
    }

    public static Response tooLarge(long maxBytes) {
        return ProblemMappers.respond(Problem.of("too-large", "Payload too large", 413,
                "the body exceeds " + maxBytes + " bytes; split the submission"));
    }
}
