package dev.verdict.security;

import io.quarkus.security.credential.Credential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A verified identity without the state of the request that produced it, and how to bind it to another request.
 * quarkus-oidc stores the request's {@link RoutingContext} (and the {@link AuthenticationRequestContext}) in the
 * identity's attributes; a cached identity that kept them would hand one caller's request to the next caller's code
 * and keep the old request reachable. {@link #of} drops every attribute holding either, remembering only their
 * keys; {@link #bind} builds a fresh identity for the current request with the current objects under those keys.
 *
 * <p>Permission checkers are not copied, only the possessed permissions (what quarkus-oidc adds): a checker may
 * close over the original identity. Augmentors are not involved: Quarkus applies them to the provider's result on
 * every request, cached or not.
 */
public record RequestIdentity(
        SecurityIdentity identity, Set<String> routingContextKeys, Set<String> requestContextKeys) {

    public static RequestIdentity of(SecurityIdentity verified) {
        Map<String, Object> kept = new HashMap<>();
        Set<String> routing = new java.util.HashSet<>();
        Set<String> request = new java.util.HashSet<>();
        for (var a : verified.getAttributes().entrySet()) {
            if (a.getValue() instanceof RoutingContext) {
                routing.add(a.getKey());
            } else if (a.getValue() instanceof AuthenticationRequestContext) {
                request.add(a.getKey());
            } else {
                kept.put(a.getKey(), a.getValue());
            }
        }
        QuarkusSecurityIdentity.Builder b = copyWithout(verified, kept);
        return new RequestIdentity(b.build(), Set.copyOf(routing), Set.copyOf(request));
    }

    /** A new identity equal to the cached one, carrying this request's routing and authentication contexts. */
    public SecurityIdentity bind(RoutingContext routingContext, AuthenticationRequestContext requestContext) {
        QuarkusSecurityIdentity.Builder b = copyWithout(identity, identity.getAttributes());
        if (routingContext != null) {
            routingContextKeys.forEach(k -> b.addAttribute(k, routingContext));
        }
        if (requestContext != null) {
            requestContextKeys.forEach(k -> b.addAttribute(k, requestContext));
        }
        return b.build();
    }

    private static QuarkusSecurityIdentity.Builder copyWithout(
            SecurityIdentity source, Map<String, Object> attributes) {
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(source.getPrincipal())
                .addRoles(source.getRoles())
                .addAttributes(attributes)
                .setAnonymous(source.isAnonymous());
        for (Credential c : source.getCredentials()) {
            b.addCredential(c);
        }
        if (source instanceof QuarkusSecurityIdentity q && !q.getPermissions().isEmpty()) {
            b.addPermissions(q.getPermissions());
        }
        return b;
    }
}
