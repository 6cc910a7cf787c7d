package dev.verdict.deploy.owner.service;

import dev.verdict.deploy.owner.store.ComponentOwnerEntity;
import dev.verdict.events.Topics;
import dev.verdict.events.catalog.CatalogEvents;
import dev.verdict.events.catalog.EntityDeleted;
import dev.verdict.events.catalog.EntityUpserted;
import dev.verdict.outbox.inbox.InboxConsumers;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The orchestrator's own copy of who owns which catalog entity, kept from {@code verdict.catalog.v1} through the
 * inbox (each event applied once, in the transaction that records it), so triggering a deploy needs no call to
 * catalog-service. An older generation arriving late never overwrites a newer one.
 */
@ApplicationScoped
public class OwnerProjection {

    static final String CONSUMER = "deploy-orchestrator.catalog";

    private final InboxConsumers consumers;
    private final Optional<String> bootstrap;

    public OwnerProjection(
            InboxConsumers consumers, @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> bootstrap) {
        this.consumers = consumers;
        this.bootstrap = bootstrap;
    }

    void start(@Observes StartupEvent ev) {
        if (bootstrap.isEmpty()) {
            Log.warn("kafka.bootstrap.servers is not set: catalog owners are not projected, every deploy is a 404");
            return;
        }
        consumers
                .consumer(CONSUMER)
                .topics(Topics.CATALOG)
                .handler((event, delivery) -> {
                    event.dataAs(CatalogEvents.ENTITY_UPSERTED).ifPresent(this::upserted);
                    event.dataAs(CatalogEvents.ENTITY_DELETED).ifPresent(this::deleted);
                })
                .start();
    }

    void upserted(EntityUpserted e) {
        ComponentOwnerEntity row = ComponentOwnerEntity.findById(e.ref());
        if (row == null) {
            row = new ComponentOwnerEntity();
            row.ref = e.ref();
            apply(row, e);
            row.persist();
        } else if (e.generation() >= row.generation || row.deleted) {
            apply(row, e);
        }
    }

    private static void apply(ComponentOwnerEntity row, EntityUpserted e) {
        row.kind = e.kind();
        row.owner = e.owner();
        row.generation = e.generation();
        row.deleted = false;
        row.annotations = Owners.writeAnnotations(e.annotations());
    }

    void deleted(EntityDeleted e) {
        ComponentOwnerEntity row = ComponentOwnerEntity.findById(e.ref());
        if (row != null) {
            row.deleted = true;
        }
    }
}
