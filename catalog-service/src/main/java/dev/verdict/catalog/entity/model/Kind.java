package dev.verdict.catalog.entity.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An entity kind: Backstage's built-in catalog kinds, the scaffolder's {@code Template}, and the custom kinds a
 * deployment allows by configuration ({@code verdict.catalog.kinds.*}, Backstage's {@code catalog.rules} plus a
 * processor). Compared by name, case-insensitively, as Backstage compares refs.
 */
public final class Kind {

    public static final Set<String> BACKSTAGE_API_VERSIONS = Set.of("backstage.io/v1alpha1", "backstage.io/v1beta1");

    public static final Kind COMPONENT = new Kind("Component", BACKSTAGE_API_VERSIONS, true);
    public static final Kind API = new Kind("API", BACKSTAGE_API_VERSIONS, true);
    public static final Kind RESOURCE = new Kind("Resource", BACKSTAGE_API_VERSIONS, true);
    public static final Kind SYSTEM = new Kind("System", BACKSTAGE_API_VERSIONS, true);
    public static final Kind DOMAIN = new Kind("Domain", BACKSTAGE_API_VERSIONS, true);
    public static final Kind GROUP = new Kind("Group", BACKSTAGE_API_VERSIONS, true);
    public static final Kind USER = new Kind("User", BACKSTAGE_API_VERSIONS, true);
    public static final Kind LOCATION = new Kind("Location", BACKSTAGE_API_VERSIONS, true);
    /** The scaffolder's software template (Backstage's {@code Template.v1beta3.schema.json}). */
    public static final Kind TEMPLATE = new Kind("Template", Set.of("scaffolder.backstage.io/v1beta3"), true);

    private static final List<Kind> BUILT_IN =
            List.of(COMPONENT, API, RESOURCE, SYSTEM, DOMAIN, GROUP, USER, LOCATION, TEMPLATE);

    /**
     * The kinds this catalog holds: the built-in ones and those configured at start ({@link #allow}). Read on every
     * parse; replaced whole, never changed in place.
     */
    private static volatile Map<String, Kind> known = index(List.of());

    /**
     * A check of a whole descriptor against a kind's own rules (a configured JSON schema): each problem as a JSON
     * pointer and a message. Kept as an interface so the model needs no schema library.
     */
    public interface SchemaCheck {
        List<Map.Entry<String, String>> problems(com.fasterxml.jackson.databind.JsonNode body);
    }

    private final String displayName;
    private final Set<String> apiVersions;
    private final boolean builtIn;
    private final SchemaCheck schema;

    private Kind(String displayName, Set<String> apiVersions, boolean builtIn) {
        this(displayName, apiVersions, builtIn, null);
    }

    private Kind(String displayName, Set<String> apiVersions, boolean builtIn, SchemaCheck schema) {
        this.displayName = displayName;
        this.apiVersions = Set.copyOf(apiVersions);
        this.builtIn = builtIn;
        this.schema = schema;
    }

    /**
     * A configured custom kind ({@code Environment}, {@code AiResource}, ...) with the apiVersions it may use and,
     * optionally (null), the schema its descriptors must pass.
     */
    public static Kind custom(String displayName, Set<String> apiVersions, SchemaCheck schema) {
        if (displayName == null || displayName.isBlank() || apiVersions.isEmpty()) {
            throw new IllegalArgumentException("a custom kind needs a name and at least one apiVersion");
        }
        return new Kind(displayName.trim(), apiVersions, false, schema);
    }

    public Optional<SchemaCheck> schema() {
        return Optional.ofNullable(schema);
    }

    /**
     * Makes the catalog accept these custom kinds besides the built-in ones (called once at start from the
     * configuration; a built-in kind cannot be redefined).
     */
    public static void allow(List<Kind> custom) {
        for (Kind k : custom) {
            if (BUILT_IN.stream().anyMatch(b -> b.refName().equals(k.refName()))) {
                throw new IllegalArgumentException("kind " + k.displayName + " is built in and cannot be configured");
            }
        }
        known = index(custom);
    }

    private static Map<String, Kind> index(List<Kind> custom) {
        Map<String, Kind> m = new LinkedHashMap<>();
        BUILT_IN.forEach(k -> m.put(k.refName(), k));
        custom.forEach(k -> m.put(k.refName(), k));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The spelling used in descriptors ({@code kind: API}). */
    public String displayName() {
        return displayName;
    }

    /** Lower-case form used in canonical entity refs ({@code api:default/x}). */
    public String refName() {
        return displayName.toLowerCase(Locale.ROOT);
    }

    public Set<String> apiVersions() {
        return apiVersions;
    }

    public boolean builtIn() {
        return builtIn;
    }

    /** Kinds are matched case-insensitively, as Backstage compares refs case-insensitively. */
    public static Optional<Kind> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(known.get(value.trim().toLowerCase(Locale.ROOT)));
    }

    /** Every kind this catalog holds, built-in first. */
    public static List<Kind> values() {
        return List.copyOf(known.values());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Kind k && k.refName().equals(refName());
    }

    @Override
    public int hashCode() {
        return refName().hashCode();
    }

    @Override
    public String toString() {
        return displayName;
    }
}
