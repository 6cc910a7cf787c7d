package dev.verdict.catalog.events;

import dev.verdict.events.VerdictEvent;
import dev.verdict.events.catalog.CatalogEvents;
import dev.verdict.events.catalog.EntityDeleted;
import dev.verdict.events.catalog.EntityOrphaned;
import dev.verdict.events.catalog.EntityUpserted;
import dev.verdict.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes catalog events through the transactional outbox: the event row commits or rolls back with the entity
 * change, and the relay sends it to {@code verdict.catalog.v1} keyed by entity ref (so per-entity order holds).
 */
@ApplicationScoped
public class CatalogEventPublisher {

    static final String SERVICE = "catalog-service";

    private final Outbox outbox;

    public CatalogEventPublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    public void upserted(EntityUpserted data) {
        outbox.publish(
                CatalogEvents.TOPIC,
                data.ref(),
                VerdictEvent.create(CatalogEvents.ENTITY_UPSERTED, SERVICE, data.ref(), data));
    }

    public void deleted(EntityDeleted data) {
        outbox.publish(
                CatalogEvents.TOPIC,
                data.ref(),
                VerdictEvent.create(CatalogEvents.ENTITY_DELETED, SERVICE, data.ref(), data));
    }

    public void orphaned(EntityOrphaned data) {
        outbox.publish(
                CatalogEvents.TOPIC,
                data.ref(),
                VerdictEvent.create(CatalogEvents.ENTITY_ORPHANED, SERVICE, data.ref(), data));
    }
}
