package dev.verdict.deploy.owner.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.deploy.owner.store.ComponentOwnerEntity;
import dev.verdict.problem.NotFoundException;
import dev.verdict.problem.Problem;
import dev.verdict.problem.ProblemException;
import dev.verdict.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who may deploy a component: admins, and members of its owner group in the catalog (catalog-service mirrors
 * catalog Groups into Keycloak groups, and the token's {@code groups} claim names the caller's). An owner that is
 * a User entity may deploy it too.
 */
@ApplicationScoped
public class Owners {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    /**
     * The catalog annotations a deploy target places {@code component} by; empty when the catalog sent none (or
     * the component is unknown: deploying it is refused before this is asked).
     */
    public Map<String, String> annotationsOf(String component) {
        ComponentOwnerEntity row = ComponentOwnerEntity.findById(component);
        if (row == null || row.annotations == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(row.annotations, new TypeReference<TreeMap<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("component_owner.annotations of " + component + " is not a JSON object", e);
        }
    }

    static String writeAnnotations(Map<String, String> annotations) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(annotations));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 404 for an unknown component, 403 for a caller who neither owns it nor is an admin. */
    public void checkMayDeploy(String component, Member m) {
        check(component, m, "deploy", "trigger, promote or abort its deployments");
    }

    /** As {@link #checkMayDeploy}, for creating, changing, starting and stopping the component's experiments. */
    public void checkMayExperiment(String component, Member m) {
        check(component, m, "run experiments on", "create, change, start or stop its experiments");
    }

    private void check(String component, Member m, String verb, String rights) {
        String owner = ownerOf(component);
        if (m.roles().contains(Roles.ADMIN) || owns(owner, m)) {
            return;
        }
        throw new ProblemException(Problem.of(
                "not-an-owner",
                "Not an owner",
                403,
                m.name() + " may not " + verb + " " + component + ": only members of its owner "
                        + (owner == null ? "(none in the catalog)" : owner) + " and admins may " + rights));
    }

    /** The caller of a request: principal name, realm roles and the token's {@code groups} claim. */
    public static Member member(SecurityIdentity identity) {
        Set<String> groups = new LinkedHashSet<>();
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim("groups");
            if (claim instanceof Collection<?> c) {
                c.forEach(g -> groups.add(strip(String.valueOf(g))));
            } else if (claim instanceof jakarta.json.JsonArray a) {
                a.forEach(v ->
                        groups.add(strip(v instanceof jakarta.json.JsonString s ? s.getString() : v.toString())));
            }
        }
        return new Member(identity.getPrincipal().getName(), identity.getRoles(), groups);
    }

    /** Keycloak writes {@code /payments-team} with full paths on; the group's own name is what counts. */
    private static String strip(String g) {
        return g.startsWith("/") ? g.substring(g.lastIndexOf('/') + 1) : g;
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
