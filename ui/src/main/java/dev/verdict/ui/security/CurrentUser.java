package dev.verdict.ui.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is signed in on the current request: name, realm roles (viewer < engineer < architect < admin, composite
 * upward in the realm) and catalog groups ({@code groups} claim, e.g. {@code payments-team}).
 */
@ApplicationScoped
public class CurrentUser {

    public static final String VIEWER = "viewer";
    public static final String ENGINEER = "engineer";
    public static final String ARCHITECT = "architect";
    public static final String ADMIN = "admin";

    private final java.util.function.Supplier<SecurityIdentity> identity;

    @Inject
    public CurrentUser(Instance<SecurityIdentity> identity) {
        this(identity::get);
    }

    /** Any identity source: the request's in the portal, a built identity in a view test. */
    public CurrentUser(java.util.function.Supplier<SecurityIdentity> identity) {
        this.identity = identity;
    }

    public String name() {
        SecurityIdentity id = identity.get();
        return id.isAnonymous() ? "anonymous" : id.getPrincipal().getName();
    }

    public boolean has(String role) {
        SecurityIdentity id = identity.get();
        return !id.isAnonymous() && (id.hasRole(role) || id.hasRole(ADMIN));
    }

    public Set<String> roles() {
        return identity.get().getRoles();
    }

    /** The user's catalog groups, as {@code group:default/<name>} refs. */
    public List<String> groups() {
        SecurityIdentity id = identity.get();
        java.util.List<String> out = new java.util.ArrayList<>();
        if (id.getPrincipal() instanceof JsonWebToken jwt
                && jwt.getClaim("groups") instanceof java.util.Collection<?> c) {
            c.forEach(g -> out.add(g.toString()));
        } else {
            // the realm maps groups into the access token: read them from its (already verified) payload
            AccessTokenCredential at = id.getCredential(AccessTokenCredential.class);
            if (at != null) {
                String[] parts = at.getToken().split("\\.");
                if (parts.length >= 2) {
                    try {
                        com.fasterxml.jackson.databind.JsonNode payload =
                                new com.fasterxml.jackson.databind.ObjectMapper()
                                        .readTree(
                                                java.util.Base64.getUrlDecoder().decode(parts[1]));
                        payload.path("groups").forEach(g -> out.add(g.asText()));
                    } catch (java.io.IOException | IllegalArgumentException e) {
                        return List.of();
                    }
                }
            }
        }
        return out.stream()
                .map(g -> g.startsWith("/") ? g.substring(1) : g)
                .map(g -> g.startsWith("group:") ? g : "group:default/" + g)
                .toList();
    }
}
