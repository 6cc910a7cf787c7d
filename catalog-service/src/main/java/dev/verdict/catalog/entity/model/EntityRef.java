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
     * Parses a ref the way Backstage's {@code parseEntityRef} does: the kind and namespace may be omitted and then come
     * from the defaults (a field-specific default kind, and the referring entity's namespace).
     *
     * @param defaultKind may be null, in which case a ref without kind is rejected
     * @throws IllegalArgumentException with a message that says what is wrong
     */
    public static EntityRef parse(String ref, String defaultKind, String defaultNamespace) {
        if (ref == null || ref.isBlank()) {
            throw new IllegalArgumentException("entity ref must be a non-empty string");
        }
        String rest = ref.trim();
        String kind;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            kind = rest.substring(0, colon);
            rest = rest.substring(colon + 1);
            if (kind.isEmpty()) {
                throw new IllegalArgumentException("entity ref \"" + ref + "\" has an empty kind");
            }
        } else if (defaultKind != null) {
            kind = defaultKind;
        } else {
            throw new IllegalArgumentException("entity ref \"" + ref
                    + "\" has no kind (write it as kind:[namespace/]name, e.g. component:my-service)");
        }
        String namespace;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            namespace = rest.substring(0, slash);
            rest = rest.substring(slash + 1);
            if (namespace.isEmpty()) {
                throw new IllegalArgumentException("entity ref \"" + ref + "\" has an empty namespace");
            }
        } else {
            namespace = defaultNamespace == null ? DEFAULT_NAMESPACE : defaultNamespace;
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("entity ref \"" + ref + "\" has an empty name");
        }
        if (rest.indexOf(':') >= 0 || rest.indexOf('/') >= 0) {
            throw new IllegalArgumentException("entity ref \"" + ref + "\" is not of the form [kind:][namespace/]name");
        }
        return new EntityRef(kind, namespace, rest);
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
