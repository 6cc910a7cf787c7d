package dev.verdict.events.catalog;

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
 */
public record EntityUpserted(
        String ref, String uid, String kind, String owner, String change, long generation, String actor) {}
