package dev.verdict.catalog.security;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Locale;

/**
 * Who is calling, reduced to what the catalog's authorization needs. The catalog user of a token is
 * {@code user:default/<preferred_username>}: group membership is read from the catalog's own User/Group entities
 * (which are synced to Keycloak), not from a token claim, so the catalog is the one source of truth for teams.
 */
public record Caller(String name, boolean admin) {

    public static Caller of(SecurityIdentity identity) {
        return new Caller(identity.getPrincipal().getName(), identity.hasRole("admin"));
    }

    public String userRef() {
        return "user:default/" + name.toLowerCase(Locale.ROOT);
    }

    public String actor() {
        return "user:" + name;
    }
}
