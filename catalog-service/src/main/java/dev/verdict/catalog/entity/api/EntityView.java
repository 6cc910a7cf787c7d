package dev.verdict.catalog.entity.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.catalog.entity.model.EntityRef;
import dev.verdict.catalog.entity.store.EntityStore;
import dev.verdict.catalog.entity.store.StoredEntity;
import java.util.List;

/** Renders a stored entity as Backstage does: the descriptor plus uid, namespace default and relations. */
final class EntityView {

    private EntityView() {
    }

    static ObjectNode of(StoredEntity e, List<EntityStore.RelationView> relations) {
        ObjectNode body = e.body().deepCopy();
        ObjectNode metadata = body.withObjectProperty("metadata");
        if (!metadata.hasNonNull("namespace")) {
            metadata.put("namespace", EntityRef.DEFAULT_NAMESPACE);
        }
        metadata.put("uid", e.uid().toString());
        metadata.put("generation", e.generation());
        if (relations != null) {
            ArrayNode rels = body.putArray("relations");
            for (EntityStore.RelationView r : relations) {
                rels.addObject().put("type", r.type()).put("targetRef", r.targetRef()).put("resolved", r.resolved());
            }
        }
        if (e.orphanedAt() != null || e.locationId() != null) {
            ObjectNode status = body.putObject("status");
            if (e.locationId() != null) {
                status.put("locationId", e.locationId()).put("locationPath", e.locationPath());
            }
            if (e.orphanedAt() != null) {
                status.put("orphanedAt", e.orphanedAt().toString());
            }
        }
        return body;
    }
}
