package dev.verdict.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.outbox.inbox.Inbox;
import dev.verdict.testing.PostgresKafkaResource;
import dev.verdict.testing.PostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link Inbox#recordNew}: the batch form of tryRecord, on the real PostgreSQL. */
@QuarkusTest
@WithTestResource(
        value = PostgresKafkaResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_ARG, value = "outbox_it"))
class InboxBatchIT {

    @Inject
    Inbox inbox;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void recordsOnlyTheIdsTheConsumerHasNotSeenAndReturnsThem() throws Exception {
        String consumer = "batch-" + UUID.randomUUID();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        Map<UUID, String> first = new LinkedHashMap<>();
        first.put(a, "dev.verdict.outboxtest.order-placed.v1");
        first.put(b, null);
        assertThat(QuarkusTransaction.requiringNew().call(() -> inbox.recordNew(consumer, first)))
                .containsExactlyInAnyOrder(a, b);
        // b was recorded by the first batch, c is new; a repeated id in the batch counts once
        assertThat(QuarkusTransaction.requiringNew().call(() -> inbox.recordNew(consumer, List.of(b, c, c))))
                .containsExactly(c);
        // another consumer has its own inbox
        assertThat(QuarkusTransaction.requiringNew().call(() -> inbox.recordNew("other-" + consumer, List.of(a))))
                .containsExactly(a);
        assertThat(QuarkusTransaction.requiringNew().call(() -> inbox.recordNew(consumer, List.of())))
                .isEmpty();
        assertThat(inbox.seen(consumer, a)).isTrue();
        assertThat(inbox.seen(consumer, c)).isTrue();
        assertThat(type(consumer, a)).isEqualTo("dev.verdict.outboxtest.order-placed.v1");
        assertThat(type(consumer, b)).isNull();
    }

    @Test
    void aRolledBackBatchIsNotRecorded() {
        String consumer = "batch-" + UUID.randomUUID();
        UUID d = UUID.randomUUID();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
                    assertThat(inbox.recordNew(consumer, List.of(d))).containsExactly(d);
                    throw new IllegalStateException("the batch's effect failed");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(inbox.seen(consumer, d)).isFalse();
        Set<UUID> again = QuarkusTransaction.requiringNew().call(() -> inbox.recordNew(consumer, List.of(d)));
        assertThat(again).containsExactly(d);
    }

    @Test
    void needsTheCallersTransaction() {
        assertThatThrownBy(() -> inbox.recordNew("batch-no-tx", List.of(UUID.randomUUID())))
                .isInstanceOf(TransactionalException.class);
    }

    private String type(String consumer, UUID id) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select event_type from verdict_inbox where consumer = ? and event_id = ?")) {
            ps.setString(1, consumer);
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}
