package dev.verdict.events.catalog;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code dev.verdict.catalog.entity-upserted.v1}: an entity was created or its descriptor changed.
 *
 * @param ref        canonical entity ref, {@code kind:namespace/name} in lower case (also the event subject)
 * @param uid        the entity's stable id
 * @param kind       Backstage kind as written in descriptors (Component, Group...)
 * @param owner      canonical ref of spec.owner, or null for kinds without owner
 * @param change     {@code created} or {@code updated}
 * @param generation increases by one with every change of the descriptor
 * @param actor      {@code user:<name>} or {@code location:<id>}
 * @param annotations the entity's annotations a deploy places it by ({@link #travels}: {@code backstage.io/kubernetes-*}
 *     and {@code verdict.dev/image}); not all of them, to keep an import's events small. Empty in events written
 *     before the field existed.
 */
public record EntityUpserted(
        String ref,
        String uid,
        String kind,
        String owner,
        String change,
        long generation,
        String actor,
        Map<String, String> annotations) {

    /** Annotations under this prefix travel with the event: Backstage's Kubernetes plugin reads the same ones. */
    public static final String PLACEMENT_PREFIX = "backstage.io/kubernetes-";

    /** The image repository of the component's versions (a deploy then names only the version, its tag). */
    public static final String IMAGE = "verdict.dev/image";

    /** Whether an annotation of this key travels with the event. */
    public static boolean travels(String key) {
        return key.startsWith(PLACEMENT_PREFIX) || key.equals(IMAGE);
    }

    public EntityUpserted {
        TreeMap<String, String> a = new TreeMap<>();
        if (annotations != null) {
            annotations.forEach((k, v) -> {
                if (k != null && v != null) {
                    a.put(k, v);
                }
            });
        }
        annotations = java.util.Collections.unmodifiableMap(a);
    }

    /** An event without placement annotations. */
    public EntityUpserted(
            String ref, String uid, String kind, String owner, String change, long generation, String actor) {
        this(ref, uid, kind, owner, change, generation, actor, Map.of());
    }
}
