package dev.verdict.catalog.entity.model;

/**
 * A spec field that holds entity refs, with what Backstage's BuiltinKindsEntityProcessor does with it.
 *
 * @param field name under {@code spec}
 * @param many whether it is an array of refs (else a single ref string)
 * @param defaultKind kind assumed when the ref omits it, or null when the ref must name its kind (dependsOn)
 * @param relation relation type from this entity to the target
 * @param reverse relation type from the target back to this entity
 */
public record RefField(String field, boolean many, String defaultKind, String relation, String reverse) {}
