package dev.verdict.security;

/**
 * The realm roles of Verdict (infra/keycloak/verdict-realm.json). They are composites in Keycloak, a chain: admin
 * includes architect, architect includes engineer, engineer includes viewer, so a check names the least role that
 * may do a thing.
 */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String ENGINEER = "engineer";
    public static final String ARCHITECT = "architect";
    public static final String ADMIN = "admin";

    private Roles() {}
}
