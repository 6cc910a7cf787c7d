package dev.verdict.catalog.relation.model;

import dev.verdict.catalog.entity.model.EntityRef;

/** A directed, typed edge between two entities, e.g. {@code component:default/a ownedBy group:default/team-a}. */
public record Relation(EntityRef source, String type, EntityRef target) {}
