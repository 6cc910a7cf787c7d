package dev.verdict.catalog.entity.model;

import java.util.List;
import java.util.Map;

/**
 * The shape of {@code spec} for each kind, following Backstage's JSON schemas (required fields) and its
 * BuiltinKindsEntityProcessor (which fields are refs, their default kinds and the relations they produce).
 */
public record KindSpec(
        Kind kind,
        List<String> requiredStrings,
        List<String> requiredArrays,
        List<String> optionalStrings,
        List<String> optionalStringArrays,
        List<RefField> refs) {

    public static final String OWNED_BY = "ownedBy";
    public static final String OWNER_OF = "ownerOf";
    public static final String PART_OF = "partOf";
    public static final String HAS_PART = "hasPart";
    public static final String PROVIDES_API = "providesApi";
    public static final String API_PROVIDED_BY = "apiProvidedBy";
    public static final String CONSUMES_API = "consumesApi";
    public static final String API_CONSUMED_BY = "apiConsumedBy";
    public static final String DEPENDS_ON = "dependsOn";
    public static final String DEPENDENCY_OF = "dependencyOf";
    public static final String CHILD_OF = "childOf";
    public static final String PARENT_OF = "parentOf";
    public static final String MEMBER_OF = "memberOf";
    public static final String HAS_MEMBER = "hasMember";

    private static final RefField OWNER = new RefField("owner", false, "Group", OWNED_BY, OWNER_OF);
    private static final RefField SYSTEM = new RefField("system", false, "System", PART_OF, HAS_PART);
    private static final RefField DEPENDS = new RefField("dependsOn", true, null, DEPENDS_ON, DEPENDENCY_OF);
    private static final RefField DEPENDENCY = new RefField("dependencyOf", true, null, DEPENDENCY_OF, DEPENDS_ON);

    private static final Map<Kind, KindSpec> SPECS = Map.ofEntries(
            Map.entry(
                    Kind.COMPONENT,
                    new KindSpec(
                            Kind.COMPONENT,
                            List.of("type", "lifecycle", "owner"),
                            List.of(),
                            List.of("system", "subcomponentOf"),
                            List.of("providesApis", "consumesApis", "dependsOn", "dependencyOf"),
                            List.of(
                                    OWNER,
                                    SYSTEM,
                                    new RefField("subcomponentOf", false, "Component", PART_OF, HAS_PART),
                                    new RefField("providesApis", true, "API", PROVIDES_API, API_PROVIDED_BY),
                                    new RefField("consumesApis", true, "API", CONSUMES_API, API_CONSUMED_BY),
                                    DEPENDS,
                                    DEPENDENCY))),
            Map.entry(
                    Kind.API,
                    new KindSpec(
                            Kind.API,
                            List.of("type", "lifecycle", "owner", "definition"),
                            List.of(),
                            List.of("system"),
                            List.of(),
                            List.of(OWNER, SYSTEM))),
            Map.entry(
                    Kind.RESOURCE,
                    new KindSpec(
                            Kind.RESOURCE,
                            List.of("type", "owner"),
                            List.of(),
                            List.of("system"),
                            List.of("dependsOn", "dependencyOf"),
                            List.of(OWNER, SYSTEM, DEPENDS, DEPENDENCY))),
            Map.entry(
                    Kind.SYSTEM,
                    new KindSpec(
                            Kind.SYSTEM,
                            List.of("owner"),
                            List.of(),
                            List.of("domain", "type"),
                            List.of(),
                            List.of(OWNER, new RefField("domain", false, "Domain", PART_OF, HAS_PART)))),
            Map.entry(
                    Kind.DOMAIN,
                    new KindSpec(
                            Kind.DOMAIN,
                            List.of("owner"),
                            List.of(),
                            List.of("subdomainOf", "type"),
                            List.of(),
                            List.of(OWNER, new RefField("subdomainOf", false, "Domain", PART_OF, HAS_PART)))),
            Map.entry(
                    Kind.GROUP,
                    new KindSpec(
                            Kind.GROUP,
                            List.of("type"),
                            List.of("children"),
                            List.of("parent"),
                            List.of("members"),
                            List.of(
                                    new RefField("parent", false, "Group", CHILD_OF, PARENT_OF),
                                    new RefField("children", true, "Group", PARENT_OF, CHILD_OF),
                                    new RefField("members", true, "User", HAS_MEMBER, MEMBER_OF)))),
            Map.entry(
                    Kind.USER,
                    new KindSpec(
                            Kind.USER,
                            List.of(),
                            List.of("memberOf"),
                            List.of(),
                            List.of(),
                            List.of(new RefField("memberOf", true, "Group", MEMBER_OF, HAS_MEMBER)))),
            Map.entry(
                    Kind.LOCATION,
                    new KindSpec(
                            Kind.LOCATION,
                            List.of(),
                            List.of(),
                            List.of("type", "target", "presence"),
                            List.of("targets"),
                            List.of())),
            Map.entry(
                    Kind.TEMPLATE,
                    new KindSpec(
                            Kind.TEMPLATE,
                            List.of("type"),
                            List.of(),
                            List.of("owner", "lifecycle"),
                            List.of(),
                            List.of(OWNER, SYSTEM))));

    /** The spec rules of a kind; a custom kind has none of its own (its configured schema checks it). */
    public static KindSpec of(Kind kind) {
        KindSpec spec = SPECS.get(kind);
        return spec != null ? spec : new KindSpec(kind, List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
