package dev.verdict.outbox;

import dev.verdict.events.EventCodec;
import dev.verdict.events.VerdictEvent;
import dev.verdict.outbox.relay.OutboxRelay;
import dev.verdict.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.Objects;

/**
 * Publishes events the only safe way: as a row in {@code verdict_outbox}, written in the caller's transaction
 * through the same datasource, so the event exists if and only if the state change committed. The relay sends it
 * to Kafka afterwards (at least once; consumers deduplicate by event id with {@link dev.verdict.outbox.inbox.Inbox}).
 *
 * <p>Order: a key's events are sent in the order their rows were inserted. Two transactions that publish for the
 * same key should therefore be serialized by the business data they change (they normally update the same row,
 * and publish after that update), otherwise their relative order is whatever order they inserted in.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT =
            "insert into verdict_outbox (lane, topic, msg_key, event_id, event_type, payload) "
                    + "values (?, ?, ?, ?, ?, ?)";
    private static final Object WAKE_KEY = new Object();

    private final Jdbc jdbc;
    private final EventCodec codec;
    private final OutboxRelay relay;
    private final TransactionSynchronizationRegistry transactions;

    public Outbox(Jdbc jdbc, EventCodec codec, OutboxRelay relay, TransactionSynchronizationRegistry transactions) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.relay = relay;
        this.transactions = transactions;
    }

    /**
     * Writes {@code event} for {@code topic}, keyed by {@code key} (Kafka partitioning and ordering key; usually the
     * event's subject; {@code null} for events without order). Must be called inside a transaction.
     *
     * @throws jakarta.transaction.TransactionalException if there is no active transaction
     * @throws dev.verdict.events.EventFormatException     if the event's type is not registered with the codec
     * @throws dev.verdict.persistence.DataAccessException if the row cannot be written (the transaction is doomed)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String topic, String key, VerdictEvent<?> event) {
        Objects.requireNonNull(event, "event");
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank");
        }
        byte[] payload = codec.encode(event);
        jdbc.update(INSERT, ps -> {
            ps.setInt(1, OutboxLanes.of(key, event.id()));
            ps.setString(2, topic);
            ps.setString(3, key);
            ps.setObject(4, event.id());
            ps.setString(5, event.type());
            ps.setBytes(6, payload);
        });
        wakeRelayAfterCommit();
    }

    private void wakeRelayAfterCommit() {
        if (transactions.getResource(WAKE_KEY) != null) {
            return;
        }
        transactions.putResource(WAKE_KEY, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wakeUp();
                }
            }
        });
    }
}
