package dev.verdict.catalog.entity.store;

import java.util.List;
import java.util.UUID;

/** What an upsert writes: the descriptor and the columns derived from it for filtering and search. */
public record EntityRow(
        String ref,
        UUID uid,
        String kind,
        String namespace,
        String name,
        String bodyJson,
        String ownerRef,
        String lifecycle,
        String type,
        String systemRef,
        List<String> tags,
        String searchPrimary,
        String searchSecondary,
        String searchTertiary,
        Long locationId,
        String locationPath,
        long generation,
        /** JSON array of the warnings the entity was accepted with, or null. */
        String warningsJson) {}
