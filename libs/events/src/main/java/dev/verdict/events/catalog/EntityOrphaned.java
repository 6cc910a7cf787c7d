package dev.verdict.events.catalog;

import java.time.Instant;

/**
 * {@code dev.verdict.catalog.entity-orphaned.v1}: an entity disappeared from the git location that provided it; it
 * stays visible (annotated as orphan) until {@code deleteAfter}, unless it reappears.
 */
public record EntityOrphaned(String ref, String uid, long locationId, Instant deleteAfter) {}
