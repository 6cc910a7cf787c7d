-- verdict-outbox schema, version 1. Applied by libs/outbox's own Flyway instance (history table
-- verdict_outbox_schema_history), never by the service's Flyway, so the two version sequences cannot collide.

-- Events written in the business transaction, relayed to Kafka in id order per lane.
create table verdict_outbox (
    id         bigint generated always as identity primary key,
    -- lane = hash(key) mod 16: the unit of ordering; one relay at a time works on a lane (advisory lock).
    lane       smallint    not null check (lane >= 0),
    topic      text        not null,
    msg_key    text,
    event_id   uuid        not null,
    event_type text        not null,
    payload    bytea       not null,
    created_at timestamptz not null default now(),
    sent_at    timestamptz,
    attempts   integer     not null default 0,
    last_error text,
    -- set when Kafka rejected the row for a non-retriable reason too often; the relay skips parked rows.
    parked_at  timestamptz,
    constraint verdict_outbox_event_uk unique (event_id)
);

-- The relay's claim: pending rows of one lane in id order.
create index verdict_outbox_pending_ix on verdict_outbox (lane, id) where sent_at is null and parked_at is null;
-- Retention clean-up of sent rows.
create index verdict_outbox_sent_ix on verdict_outbox (sent_at) where sent_at is not null;

-- Events a consumer has applied; inserted in the same transaction as the consumer's side effect.
create table verdict_inbox (
    consumer     text        not null,
    event_id     uuid        not null,
    event_type   text,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
create index verdict_inbox_processed_ix on verdict_inbox (processed_at);

-- Messages a consumer could not read or apply; parked so the partition keeps moving. Kept until someone deletes them.
create table verdict_inbox_dead (
    id              bigint generated always as identity primary key,
    consumer        text        not null,
    topic           text        not null,
    kafka_partition integer     not null,
    kafka_offset    bigint      not null,
    msg_key         text,
    event_id        text,
    event_type      text,
    reason          text        not null,
    error           text,
    payload         bytea,
    created_at      timestamptz not null default now(),
    -- a consumer that re-reads the same record after a crash parks it once
    constraint verdict_inbox_dead_record_uk unique (consumer, topic, kafka_partition, kafka_offset)
);
