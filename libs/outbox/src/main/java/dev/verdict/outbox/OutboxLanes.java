package dev.verdict.outbox;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;

/**
 * Lanes partition the outbox for relaying: every row of one key is in the same lane, and only one relay worker (in
 * any replica) works on a lane at a time, so a key's events leave in the order they were written. Rows without a
 * key have no order to keep and spread by event id.
 *
 * <p>The lane count is part of the stored data (column {@code lane}): changing it reorders keys across lanes, so it
 * is a constant, not a setting. Sixteen lanes allow up to sixteen workers across all replicas.
 */
public final class OutboxLanes {

    public static final int COUNT = 16;

    private OutboxLanes() {}

    public static int of(String key, UUID eventId) {
        String basis = key != null ? key : eventId.toString();
        // Kafka's murmur2: stable across JVMs and versions (Kafka's default partitioner depends on it too).
        return Utils.toPositive(Utils.murmur2(basis.getBytes(StandardCharsets.UTF_8))) % COUNT;
    }
}
