package dev.verdict.deploy.owner.service;

import dev.verdict.deploy.owner.store.ComponentOwnerEntity;
import dev.verdict.problem.NotFoundException;
import dev.verdict.problem.Problem;
import dev.verdict.problem.ProblemException;
import dev.verdict.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Set;

/**
 * Who may deploy a component: admins, and members of its owner group in the catalog (catalog-service mirrors
 * catalog Groups into Keycloak groups, and the token's {@code groups} claim names the caller's). An owner that is
 * a User entity may deploy it too.
 */
@ApplicationScoped
public class Owners {

    /** The caller as the owner check sees them: name, realm roles, Keycloak group names. */
    public record Member(String name, Set<String> roles, Set<String> groups) {}

    /** The owner ref of a component, or 404 when the catalog has no such component. */
    public String ownerOf(String component) {
        ComponentOwnerEntity row = ComponentOwnerEntity.findById(component);
        if (row == null || row.deleted) {
            throw new NotFoundException("the catalog has no component " + component
                    + " (deploy-orchestrator knows the components catalog-service announced on verdict.catalog.v1)");
        }
        return row.owner;
    }

    /** 404 for an unknown component, 403 for a caller who neither owns it nor is an admin. */
    public void checkMayDeploy(String component, Member m) {
        String owner = ownerOf(component);
        if (m.roles().contains(Roles.ADMIN) || owns(owner, m)) {
            return;
        }
        throw new ProblemException(Problem.of(
                "not-an-owner",
                "Not an owner",
                403,
                m.name() + " may not deploy " + component + ": only members of its owner "
                        + (owner == null ? "(none in the catalog)" : owner) + " and admins may trigger, promote or"
                        + " abort its deployments"));
    }

    static boolean owns(String owner, Member m) {
        if (owner == null) {
            return false;
        }
        int colon = owner.indexOf(':');
        int slash = owner.indexOf('/');
        if (colon < 0 || slash < colon) {
            return false;
        }
        String kind = owner.substring(0, colon);
        String namespace = owner.substring(colon + 1, slash);
        String name = owner.substring(slash + 1);
        if (kind.equals("user")) {
            return namespace.equals("default") && name.equals(m.name().toLowerCase(Locale.ROOT));
        }
        // the Keycloak group name catalog-service gives a catalog Group (KeycloakGroupSync.groupName)
        String group = namespace.equals("default") ? name : namespace + "." + name;
        return kind.equals("group") && m.groups().contains(group);
    }
}
