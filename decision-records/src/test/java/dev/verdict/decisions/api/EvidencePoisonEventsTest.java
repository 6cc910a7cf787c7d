package dev.verdict.decisions.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.events.EventCodec;
import dev.verdict.events.Topics;
import dev.verdict.events.VerdictEvent;
import dev.verdict.events.catalog.CatalogEvents;
import dev.verdict.events.catalog.EntityUpserted;
import dev.verdict.testing.KeycloakResource;
import dev.verdict.testing.PoisonRecords;
import dev.verdict.testing.PoisonRecords.Poison;
import dev.verdict.testing.PostgresKafkaResource;
import dev.verdict.testing.TestKafka;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Poison on each of the four topics the evidence consumer reads (benchmarks, deploy, experiments, telemetry): the
 * eight records of libs/testing's PoisonRecords are each parked in verdict_inbox_dead with a reason and an error,
 * and no evidence comes of them.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "decisions"))
@WithTestResource(
        value = KeycloakResource.class,
        initArgs = @ResourceArg(name = KeycloakResource.CLIENT_ID_ARG, value = "decision-records"))
@WithTestResource(TopicsResource.class)
class EvidencePoisonEventsTest {

    @Inject
    DataSource ds;

    @Test
    void poisonOnEveryEvidenceTopicIsParkedWithItsReasonAndLeavesNoEvidence() throws Exception {
        String ref = "component:default/poison-" + UUID.randomUUID().toString().substring(0, 8);
        // a readable event of the platform's registry, from which the poisons are derived
        byte[] valid = EventCodec.platform()
                .encode(VerdictEvent.create(
                        CatalogEvents.ENTITY_UPSERTED,
                        "catalog-service",
                        ref,
                        new EntityUpserted(ref, UUID.randomUUID().toString(), "Component", null, "created", 1, "t")));
        long evidenceBefore = count("select count(*) from evidence");
        List<Poison> sent = new ArrayList<>();
        List<String> topics = List.of(Topics.BENCHMARKS, Topics.DEPLOY, Topics.EXPERIMENTS, Topics.TELEMETRY);
        for (String topic : topics) {
            for (Poison p :
                    PoisonRecords.publish(TestKafka.get().bootstrapServers(), topic, ref, PoisonRecords.from(valid))) {
                sent.add(new Poison(topic + ": " + p.name(), p.value(), p.partition(), p.offset()));
            }
        }
        assertThat(sent).hasSize(32);

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            List<String> notParked = new ArrayList<>();
            for (Poison p : sent) {
                String topic = p.name().substring(0, p.name().indexOf(':'));
                if (!parked(topic, p.partition(), p.offset())) {
                    notParked.add(p.name() + " (offset " + p.offset() + ")");
                }
            }
            assertThat(notParked)
                    .as("poison records not parked with a reason and an error")
                    .isEmpty();
        });
        assertThat(count("select count(*) from evidence")).isEqualTo(evidenceBefore);
    }

    private boolean parked(String topic, int partition, long offset) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("select 1 from verdict_inbox_dead where consumer ="
                        + " 'decision-records.evidence' and topic = ? and kafka_partition = ? and kafka_offset = ?"
                        + " and reason <> '' and error <> ''")) {
            ps.setString(1, topic);
            ps.setInt(2, partition);
            ps.setLong(3, offset);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
