package dev.verdict.catalog.entity.store;

/** Filters of the entity list; null fields do not filter. Refs are canonical (lower-case kind:namespace/name). */
public record EntityFilter(String kind, String namespace, String ownerRef, String lifecycle, String tag,
                           String systemRef, String type, String query) {
}
