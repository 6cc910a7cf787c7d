package dev.verdict.events.catalog;

import dev.verdict.events.EventType;
import dev.verdict.events.Topics;

/** The event types catalog-service publishes on {@link Topics#CATALOG}, keyed by entity ref. */
public final class CatalogEvents {

    public static final String TOPIC = Topics.CATALOG;

    public static final EventType<EntityUpserted> ENTITY_UPSERTED =
            EventType.of("dev.verdict.catalog.entity-upserted.v1", EntityUpserted.class);
    public static final EventType<EntityDeleted> ENTITY_DELETED =
            EventType.of("dev.verdict.catalog.entity-deleted.v1", EntityDeleted.class);
    public static final EventType<EntityOrphaned> ENTITY_ORPHANED =
            EventType.of("dev.verdict.catalog.entity-orphaned.v1", EntityOrphaned.class);

    private CatalogEvents() {}
}
