package dev.verdict.outbox.app;

import dev.verdict.events.EventType;

/** The test application's event: order number {@code seq} of {@code key} was placed. */
public record OrderPlaced(String key, int seq, String note) {

    public static final EventType<OrderPlaced> TYPE =
            EventType.of("dev.verdict.outboxtest.order-placed.v1", OrderPlaced.class);
}
