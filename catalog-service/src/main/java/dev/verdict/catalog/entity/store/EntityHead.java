package dev.verdict.catalog.entity.store;

import java.time.Instant;

/** What deciding a write needs of an existing row: which location holds it, from which file, and whether orphaned. */
public record EntityHead(String ref, Long locationId, String locationPath, Instant orphanedAt) {}
