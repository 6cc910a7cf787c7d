package dev.verdict.events.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.events.EventCodec;
import dev.verdict.events.VerdictEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The placement annotations travel with an upsert, and an upsert written before them still reads. */
class EntityUpsertedTest {

    final EventCodec codec = EventCodec.platform();

    @Test
    void annotationsRoundTripAndAnOlderEventHasNone() throws Exception {
        EntityUpserted u = new EntityUpserted(
                "component:default/payments-api",
                "uid",
                "Component",
                "group:default/payments-team",
                "created",
                1,
                "user:engineer",
                Map.of("backstage.io/kubernetes-id", "payments", "backstage.io/kubernetes-namespace", "shop"));
        VerdictEvent<EntityUpserted> e =
                VerdictEvent.create(CatalogEvents.ENTITY_UPSERTED, "catalog-service", u.ref(), u);
        EntityUpserted back = (EntityUpserted) codec.decode(codec.encode(e)).data();
        assertThat(back).isEqualTo(u);
        assertThat(back.annotations()).containsEntry("backstage.io/kubernetes-namespace", "shop");

        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = (ObjectNode) json.readTree(codec.encode(e));
        ((ObjectNode) tree.get("data")).remove("annotations");
        EntityUpserted old =
                (EntityUpserted) codec.decode(json.writeValueAsBytes(tree)).data();
        assertThat(old.annotations()).isEmpty();
        assertThat(old.owner()).isEqualTo("group:default/payments-team");
    }
}
