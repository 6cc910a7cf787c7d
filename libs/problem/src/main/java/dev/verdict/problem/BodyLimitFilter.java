package dev.verdict.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Rejects bodies over {@code verdict.problem.max-body-bytes} with a problem+json 413 before they are read, instead
 * of the HTTP layer's bare 413. Bodies without a Content-Length (chunked) are stopped by
 * {@code quarkus.http.limits.max-body-size}; resources that read such bodies check their length with
 * {@link #tooLarge(long)}.
 */
public class BodyLimitFilter {

    private final long maxBytes;

    public BodyLimitFilter(ProblemConfig config) {
        this.maxBytes = config.maxBodyBytes();
    }

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext ctx) {
        String length = ctx.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (maxBytes > 0 && length != null) {
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
        return Problem.of(
                        "too-large",
                        "Payload too large",
                        413,
                        "the body exceeds " + maxBytes + " bytes; split the submission")
                .with("maxBytes", maxBytes)
                .toResponse();
    }
}
