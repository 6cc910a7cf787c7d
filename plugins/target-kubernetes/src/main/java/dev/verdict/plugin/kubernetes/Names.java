package dev.verdict.plugin.kubernetes;

import dev.verdict.plugin.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * How a component and its placements are named on the cluster. The app name and namespace come from the catalog
 * entity's annotations as Backstage's Kubernetes plugin reads them, else from the ref's name and the target's
 * namespace. A placement is one Deployment and one Service of the same name, {@code <app>-<scope>-<deployment>}:
 * the orchestrator's deployment id in the name makes deploying the same spec twice find the first.
 */
final class Names {

    static final String KUBERNETES_ID = "backstage.io/kubernetes-id";
    static final String KUBERNETES_NAMESPACE = "backstage.io/kubernetes-namespace";
    static final String KUBERNETES_LABEL_SELECTOR = "backstage.io/kubernetes-label-selector";

    /** Labels and annotations Verdict puts on what it creates. */
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    static final String MANAGER = "verdict";
    static final String APP = "app.kubernetes.io/name";
    static final String VERSION = "app.kubernetes.io/version";
    static final String COMPONENT = "verdict.dev/component";
    static final String SCOPE = "verdict.dev/scope";
    static final String PLACEMENT = "verdict.dev/placement";
    static final String COMPONENT_REF = "verdict.dev/component-ref";
    static final String VERSION_TEXT = "verdict.dev/version";
    static final String INSTANCES = "verdict.dev/instances";
    static final String REMOVE_AFTER = "verdict.dev/remove-after";

    private Names() {}

    /** A DNS-1123 label of at most {@code max} characters: lower case, digits and '-'. */
    static String dnsLabel(String text, int max) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > max) {
            s = s.substring(0, max).replaceAll("-+$", "");
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' gives no Kubernetes name");
        }
        return s;
    }

    /** The app's name: {@code backstage.io/kubernetes-id}, else the entity name of {@code kind:namespace/name}. */
    static String app(String componentRef, Map<String, String> annotations) {
        String id = annotations.get(KUBERNETES_ID);
        if (id != null && !id.isBlank()) {
            if (!id.matches("[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?")) {
                throw new IllegalArgumentException(KUBERNETES_ID + " '" + id
                        + "' must be a DNS label of at most 40 characters (lower case, digits, '-')");
            }
            return id;
        }
        int slash = componentRef.lastIndexOf('/');
        int colon = componentRef.indexOf(':');
        String name = componentRef.substring(Math.max(slash, colon) + 1);
        return dnsLabel(name, 40);
    }

    /** {@code backstage.io/kubernetes-namespace}, else the target's namespace. */
    static String namespace(Map<String, String> annotations, String fallback) {
        String ns = annotations.get(KUBERNETES_NAMESPACE);
        if (ns == null || ns.isBlank()) {
            return fallback;
        }
        if (!ns.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException(KUBERNETES_NAMESPACE + " '" + ns + "' is not a namespace name");
        }
        return ns;
    }

    /**
     * The labels that let Backstage's Kubernetes plugin find the pods: {@code backstage.io/kubernetes-id=<app>}
     * (its default selector), plus each {@code key=value} of a {@code backstage.io/kubernetes-label-selector}
     * annotation. A set-based selector ({@code in}, {@code !=}, {@code !key}) names no labels to put on a pod, so it
     * is refused.
     */
    static Map<String, String> backstageLabels(String app, Map<String, String> annotations) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put(KUBERNETES_ID, app);
        String selector = annotations.get(KUBERNETES_LABEL_SELECTOR);
        if (selector == null || selector.isBlank()) {
            return out;
        }
        for (String part : selector.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            boolean equality = eq > 0 && !p.contains("!=") && !p.contains(" in ") && !p.contains("(");
            String key = equality ? p.substring(0, eq).replaceAll("=+$", "").trim() : "";
            String value = equality ? p.substring(eq + 1).replaceFirst("^=", "").trim() : "";
            if (!equality
                    || !key.matches("([a-z0-9.-]+/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?")
                    || !value.matches("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?")) {
                throw new IllegalArgumentException(KUBERNETES_LABEL_SELECTOR + " '" + selector + "': '" + p
                        + "' is not key=value; Verdict labels the pods with the selector's pairs, so only"
                        + " equality pairs can be placed");
            }
            out.put(key, value);
        }
        return out;
    }

    /** The placement's Deployment and Service name; at most 63 characters, as a Service name must be. */
    static String placement(String app, Scope scope, String deploymentId) {
        String id = dnsLabel(deploymentId, 63).replace("-", "");
        return app + "-" + scope.label() + "-" + id.substring(0, Math.min(8, id.length()));
    }

    /** A label value for a component ref (refs hold ':' and '/', which label values may not). */
    static String componentLabel(String componentRef) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(componentRef.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A label value for a version (63 characters of [A-Za-z0-9._-]); the full text is kept in an annotation. */
    static String versionLabel(String version) {
        String s = version.replaceAll("[^A-Za-z0-9._-]+", "_");
        s = s.length() > 63 ? s.substring(0, 63) : s;
        return s.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    }
}
