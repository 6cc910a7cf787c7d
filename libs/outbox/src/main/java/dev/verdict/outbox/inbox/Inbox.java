package dev.verdict.outbox.inbox;

import dev.verdict.events.VerdictEvent;
import dev.verdict.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Makes a consumer's side effects idempotent: the event id is recorded in {@code verdict_inbox} in the same
 * transaction as the effect, and an id already recorded for that consumer is skipped. If the effect fails, the
 * transaction rolls back the record too, so a redelivery tries again.
 */
@ApplicationScoped
public class Inbox {

    private final Jdbc jdbc;

    public Inbox(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records that {@code consumer} processes {@code event}. True the first time, false if it was already recorded
     * (a concurrent first time waits for the other transaction, then returns false if that one committed).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean tryRecord(String consumer, VerdictEvent<?> event) {
        return tryRecord(consumer, event.id(), event.type());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public boolean tryRecord(String consumer, UUID eventId, String eventType) {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(eventId, "eventId");
        String sql =
                "insert into verdict_inbox (consumer, event_id, event_type) values (?, ?, ?) on conflict do nothing";
        return jdbc.update(sql, ps -> {
                    ps.setString(1, consumer);
                    ps.setObject(2, eventId);
                    ps.setString(3, eventType);
                })
                == 1;
    }

    /**
     * {@link #tryRecord} for a batch of events in one statement: records every id {@code consumer} has not recorded
     * yet and returns those (the ones to process now); ids already recorded, or repeated within the batch, are
     * skipped. Runs in the caller's transaction, so a rollback of the batch's effects un-records them too. Event types
     * are left empty; use {@link #recordNew(String, Map)} to keep them.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> recordNew(String consumer, Collection<UUID> eventIds) {
        Map<UUID, String> types = new LinkedHashMap<>();
        for (UUID id : eventIds) {
            types.put(Objects.requireNonNull(id, "event id"), null);
        }
        return recordNew(consumer, types);
    }

    /** {@link #recordNew(String, Collection)} with each event's type ({@code event id -> type}, type may be null). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> recordNew(String consumer, Map<UUID, String> eventTypes) {
        Objects.requireNonNull(consumer, "consumer");
        Set<UUID> fresh = new HashSet<>();
        if (eventTypes.isEmpty()) {
            return fresh;
        }
        // one round trip for the whole batch: unnest the two arrays into rows
        String sql = "insert into verdict_inbox (consumer, event_id, event_type) select ?, id, type"
                + " from unnest(?::uuid[], ?::text[]) as t(id, type) on conflict do nothing returning event_id";
        UUID[] ids = new UUID[eventTypes.size()];
        String[] types = new String[eventTypes.size()];
        int i = 0;
        for (Map.Entry<UUID, String> e : eventTypes.entrySet()) {
            ids[i] = Objects.requireNonNull(e.getKey(), "event id");
            types[i++] = e.getValue();
        }
        fresh.addAll(jdbc.list(
                sql,
                ps -> {
                    ps.setString(1, consumer);
                    ps.setArray(2, ps.getConnection().createArrayOf("uuid", ids));
                    ps.setArray(3, ps.getConnection().createArrayOf("text", types));
                },
                rs -> rs.getObject(1, UUID.class)));
        return fresh;
    }

    /** Runs {@code effect} in the caller's transaction unless {@code consumer} already processed {@code event}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean processOnce(String consumer, VerdictEvent<?> event, Runnable effect) {
        if (!tryRecord(consumer, event)) {
            return false;
        }
        effect.run();
        return true;
    }

    /** Whether {@code consumer} has processed {@code eventId} (committed). */
    public boolean seen(String consumer, UUID eventId) {
        return jdbc.one(
                        "select 1 from verdict_inbox where consumer = ? and event_id = ?",
                        ps -> {
                            ps.setString(1, consumer);
                            ps.setObject(2, eventId);
                        },
                        rs -> Boolean.TRUE)
                .isPresent();
    }

    /**
     * Parks a message the consumer cannot read or apply in {@code verdict_inbox_dead}, in a transaction of its own,
     * so the partition moves on. Parking the same record twice (a re-read after a crash) keeps one row.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void park(ParkedMessage m) {
        String sql =
                "insert into verdict_inbox_dead (consumer, topic, kafka_partition, kafka_offset, msg_key, event_id, "
                        + "event_type, reason, error, payload) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing";
        jdbc.update(sql, ps -> {
            ps.setString(1, m.consumer());
            ps.setString(2, m.topic());
            ps.setInt(3, m.partition());
            ps.setLong(4, m.offset());
            ps.setString(5, m.key());
            ps.setString(6, m.eventId());
            ps.setString(7, m.eventType());
            ps.setString(8, m.reason());
            ps.setString(9, m.error());
            ps.setBytes(10, m.payload());
        });
    }

    /** A message parked in {@code verdict_inbox_dead}. {@code reason}: an EventFormatException reason or HANDLER_FAILED. */
    public record ParkedMessage(
            String consumer,
            String topic,
            int partition,
            long offset,
            String key,
            String eventId,
            String eventType,
            String reason,
            String error,
            byte[] payload) {}
}
