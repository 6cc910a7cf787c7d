-- The test application's own tables, migrated by the service-style Flyway (quarkus.flyway.*).
create table test_key_counter (
    order_key text primary key,
    seq       integer not null
);

create table test_order (
    id        bigint generated always as identity primary key,
    order_key text    not null,
    seq       integer not null,
    note      text
);

-- What consumers did: one row per applied effect (no unique key, so a double effect would show).
create table test_effect (
    id        bigint generated always as identity primary key,
    consumer  text    not null,
    event_id  uuid    not null,
    order_key text    not null,
    seq       integer not null
);
create index test_effect_consumer_ix on test_effect (consumer);
