package dev.verdict.catalog.entity.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/** An entity row as read for a write (locked) or a read. */
public record StoredEntity(
        String ref,
        UUID uid,
        ObjectNode body,
        String ownerRef,
        Long locationId,
        String locationPath,
        long generation,
        Instant orphanedAt) {}
