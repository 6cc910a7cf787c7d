package dev.verdict.catalog.entity.store;

/**
 * Filters of the entity list; null fields do not filter. Refs are canonical (lower-case kind:namespace/name).
 * {@code orphaned}: true lists only orphans (gone from their location, waiting for the purge), false only the rest.
 */
public record EntityFilter(
        String kind,
        String namespace,
        String ownerRef,
        String lifecycle,
        String tag,
        String systemRef,
        String type,
        String query,
        Boolean orphaned) {}
