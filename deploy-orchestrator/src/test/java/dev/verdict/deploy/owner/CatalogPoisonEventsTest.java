package dev.verdict.deploy.owner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.deploy.deployment.DeployFixture;
import dev.verdict.deploy.owner.store.ComponentOwnerEntity;
import dev.verdict.events.EventCodec;
import dev.verdict.events.Topics;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.catalog.EntityUpserted;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PoisonRecords;
import dev.verdict.testing.PoisonRecords.Poison;
import dev.verdict.testing.PostgresKafkaResource;
import dev.verdict.testing.TestKafka;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Poison on verdict.catalog.v1, the topic this service consumes through libs/outbox's one consumer path: each record
 * is parked in verdict_inbox_dead with its reason and error, has no effect, and the owner projection moves on to the
 * valid event behind them on the same partition.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "deploy"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "deploy-orchestrator"))
class CatalogPoisonEventsTest {

    @Inject
    DataSource ds;

    @Test
    void poisonIsParkedWithItsReasonHasNoEffectAndTheProjectionMovesOn() throws Exception {
        String ref = "component:default/poison-api";
        VerdictEvent<EntityUpserted> valid = DeployFixture.upserted(ref, "group:default/intruders", 9, Map.of());
        List<Poison> sent = PoisonRecords.publish(
                TestKafka.get().bootstrapServers(),
                Topics.CATALOG,
                ref,
                PoisonRecords.from(EventCodec.platform().encode(valid)));
        assertThat(sent).hasSize(8);

        // a valid event behind them, with the same key: applied only once the consumer moved past the poison
        DeployFixture.announce(ref, "group:default/payments-team");

        List<String> notParked = new ArrayList<>();
        for (Poison p : sent) {
            String[] parked = parked(p.partition(), p.offset());
            if (parked == null) {
                notParked.add(p.name() + " (offset " + p.offset() + ")");
            } else {
                assertThat(parked[0]).as("reason of " + p.name()).isNotBlank();
                assertThat(parked[1]).as("error of " + p.name()).isNotBlank();
            }
        }
        assertThat(notParked).as("poison records that were not parked").isEmpty();
        ComponentOwnerEntity row =
                QuarkusTransaction.requiringNew().call(() -> ComponentOwnerEntity.<ComponentOwnerEntity>findById(ref));
        assertThat(row.owner).isEqualTo("group:default/payments-team");
    }

    /** reason and error of the parked record, or null. */
    private String[] parked(int partition, long offset) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select reason, error from verdict_inbox_dead where consumer"
                                + " = 'deploy-orchestrator.catalog' and topic = ? and kafka_partition = ? and kafka_offset = ?")) {
            ps.setString(1, Topics.CATALOG);
            ps.setInt(2, partition);
            ps.setLong(3, offset);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
            }
        }
    }
}
