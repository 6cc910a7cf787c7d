package dev.verdict.events;

import dev.verdict.events.benchmark.BenchmarkEvents;
import dev.verdict.events.catalog.CatalogEvents;

/**
 * The platform's event types: every {@link EventType} a Verdict service may publish is listed here, so every
 * consumer can decode it. Each feature adds its record (in a package of this module named after its area, e.g.
 * {@code dev.verdict.events.catalog}) and one line below.
 */
public final class EventTypes {

    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.builder()
            // one .register(...) per event type, added by the issue that introduces it
            .register(CatalogEvents.ENTITY_UPSERTED)
            .register(CatalogEvents.ENTITY_DELETED)
            .register(CatalogEvents.ENTITY_ORPHANED)
            .register(BenchmarkEvents.COMPARISON_COMPLETED)
            .build();

    private EventTypes() {
    }

    public static EventTypeRegistry registry() {
        return REGISTRY;
    }
}
