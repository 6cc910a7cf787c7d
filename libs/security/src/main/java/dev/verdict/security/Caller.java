package dev.verdict.security;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, as every service's domain code sees it: a person signed in through Keycloak (with the realm roles
 * of the token) or a system actor (a Kafka consumer, a scheduled job, a git pull). Resources build it from the
 * request's identity; services never look at the token themselves.
 *
 * @param name   the token's principal name (preferred_username), or the system actor's name
 * @param email  the address git commits are authored with: the token's {@code email} claim, else a made-up local one
 * @param roles  realm roles of the token (composites expanded by Keycloak); empty for system actors
 * @param system true for a system actor
 */
public record Caller(String name, String email, Set<String> roles, boolean system) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public static Caller of(SecurityIdentity identity) {
        String name = identity.getPrincipal().getName();
        String email = null;
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            email = jwt.getClaim("email");
        }
        if (email == null || email.isBlank()) {
            email = name.toLowerCase(Locale.ROOT) + "@users.verdict.local";
        }
        return new Caller(name, email, identity.getRoles(), false);
    }

    /** A system actor (Kafka consumer, scheduled job, git pull). */
    public static Caller system(String name) {
        return new Caller(name, name + "@verdict.local", Set.of(), true);
    }

    /** A person known only by name and address, with no roles (a git commit's author). */
    public static Caller person(String name, String email) {
        return new Caller(name, email, Set.of(), false);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** How history and timelines name the actor: {@code user:<name>} or {@code system:<name>}. */
    public String actor() {
        return (system ? "system:" : "user:") + name;
    }

    /** The catalog User entity of a person: {@code user:default/<name in lower case>}. */
    public String userRef() {
        return "user:default/" + name.toLowerCase(Locale.ROOT);
    }
}
