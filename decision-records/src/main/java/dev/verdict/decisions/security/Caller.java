package dev.verdict.decisions.security;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Locale;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling: the name for the timeline, and the identity git commits are authored with. */
public record Caller(String name, String email, boolean architect, boolean system) {

    public static Caller of(SecurityIdentity identity) {
        String name = identity.getPrincipal().getName();
        String email = null;
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            email = jwt.getClaim("email");
        }
        if (email == null || email.isBlank()) {
            email = name.toLowerCase(Locale.ROOT) + "@users.verdict.local";
        }
        return new Caller(name, email, identity.hasRole("architect"), false);
    }

    /** A system actor (Kafka consumer, scheduled job, git pull). */
    public static Caller system(String name) {
        return new Caller(name, name + "@verdict.local", false, true);
    }

    public String actor() {
        return (system ? "system:" : "user:") + name;
    }
}
