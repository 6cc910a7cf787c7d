package dev.verdict.catalog.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Test-only endpoint (test sources are part of the @QuarkusTest application): what the security layer handed to
 * this request. {@code probe} is the {@code X-Probe} header of the request whose RoutingContext the identity
 * carries: a cached identity must carry the current request's context, never the one it was first built for.
 */
@Path("/test/identity")
public class IdentityProbeResource {

    private final SecurityIdentity identity;

    public IdentityProbeResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @RolesAllowed("viewer")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get() {
        RoutingContext carried = identity.getAttribute(RoutingContext.class.getName());
        String probe = carried == null ? "" : String.valueOf(carried.request().getHeader("X-Probe"));
        return Map.of(
                "name",
                identity.getPrincipal().getName(),
                "roles",
                List.copyOf(new TreeSet<>(identity.getRoles())),
                "probe",
                probe);
    }
}
