package dev.verdict.events.catalog;

/**
 * {@code dev.verdict.catalog.entity-deleted.v1}: an entity was removed from the catalog.
 *
 * @param ref   canonical entity ref (also the event subject)
 * @param uid   the entity's stable id
 * @param actor {@code user:<name>}, or {@code location:<id>} when an orphan's grace period ran out
 */
public record EntityDeleted(String ref, String uid, String actor) {}
