package dev.verdict.catalog.entity.model;

import java.util.Locale;
import java.util.Objects;

/**
 * A reference {@code [kind:][namespace/]name} to a catalog entity. Backstage compares refs case-insensitively, so
 * the canonical form used as a key (and in {@link #toString()}) is lower case; the original spelling stays in the
 * descriptor body.
 */
public record EntityRef(String kind, String namespace, String name) {

    public static final String DEFAULT_NAMESPACE = "default";

    public EntityRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        kind = kind.toLowerCase(Locale.ROOT);
        namespace = namespace.toLowerCase(Locale.ROOT);
        name = name.toLowerCase(Locale.ROOT);
    }

    public static EntityRef of(Kind kind, String namespace, String name) {
        return new EntityRef(kind.refName(), namespace, name);
    }

    /**
     * Parses a ref exactly as Backstage's {@code parseEntityRef} does: {@code [kind:][namespace/]name}, where the kind
     * and namespace may be omitted and then come from the defaults (a field-specific default kind, and the referring
     * entity's namespace). Like Backstage, the name is everything after the first {@code :} and {@code /}, so it may
     * hold further {@code :}, {@code /} or {@code @} ({@code owner: artists@example.com} is the Group named
     * {@code artists@example.com}); a {@code :} after the first {@code /} belongs to the name. Whether the target can
     * exist is not decided here ({@link #isResolvable()}).
     *
     * @param defaultKind may be null, in which case a ref without kind is rejected
     * @throws IllegalArgumentException with a message that says what is wrong
     */
    public static EntityRef parse(String ref, String defaultKind, String defaultNamespace) {
        if (ref == null || ref.isBlank()) {
            throw new IllegalArgumentException("entity ref must be a non-empty string");
        }
        int colon = ref.indexOf(':');
        int slash = ref.indexOf('/');
        if (slash >= 0 && slash < colon) {
            colon = -1;
        }
        String kind = colon < 0 ? null : ref.substring(0, colon);
        String namespace = slash < 0 ? null : ref.substring(colon + 1, slash);
        String name = ref.substring(Math.max(colon + 1, slash + 1));
        if ("".equals(kind) || "".equals(namespace) || name.isEmpty()) {
            throw new IllegalArgumentException(
                    "entity ref \"" + ref + "\" is not of the form [kind:][namespace/]name (a part is empty)");
        }
        if (kind == null) {
            if (defaultKind == null) {
                throw new IllegalArgumentException("entity ref \"" + ref
                        + "\" has no kind (write it as kind:[namespace/]name, e.g. component:my-service)");
            }
            kind = defaultKind;
        }
        if (namespace == null) {
            namespace = defaultNamespace == null ? DEFAULT_NAMESPACE : defaultNamespace;
        }
        return new EntityRef(kind, namespace, name);
    }

    /**
     * Whether an entity of this ref can exist in the catalog: a kind the catalog holds and a namespace and name that
     * pass Backstage's field formats. Backstage stores a relation to any parseable ref (e-mail owners are common);
     * one that cannot resolve is kept and shown with a warning.
     */
    public boolean isResolvable() {
        return whyUnresolvable() == null;
    }

    /** Why no entity can have this ref, or null when one can. */
    public String whyUnresolvable() {
        if (Kind.parse(kind).isEmpty()) {
            return "no catalog entity has kind \"" + kind + "\"";
        }
        if (!FieldFormats.isValidNamespace(namespace)) {
            return "\"" + namespace + "\" is not a valid namespace (1-63 characters of [a-z0-9] separated by -)";
        }
        if (!FieldFormats.isValidObjectName(name)) {
            return "\"" + name + "\" is not a valid entity name (1-63 characters, runs of [a-zA-Z0-9] separated by"
                    + " -, _ or .)";
        }
        return null;
    }

    /** Parses a fully written ref as used in URLs and query parameters; kind is required, namespace defaults. */
    public static EntityRef parse(String ref) {
        return parse(ref, null, DEFAULT_NAMESPACE);
    }

    @Override
    public String toString() {
        return kind + ":" + namespace + "/" + name;
    }
}
