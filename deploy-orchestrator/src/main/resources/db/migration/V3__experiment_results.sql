-- deploy-orchestrator schema, experiment results (issue #14): the aggregation's per-arm sums as Kafka Streams last
-- published them (a changelog: the newest value per arm wins, so a replay is harmless), the exposures it parked, and
-- every analysis snapshot.

create table experiment_arm_stats (
    experiment  text             not null,
    phase       integer          not null,
    variation   integer          not null,
    metric      text             not null,
    n           bigint           not null,
    sum_y       double precision not null,
    sum_y2      double precision not null,
    sum_x       double precision not null,
    sum_x2      double precision not null,
    sum_xy      double precision not null,
    updated_at  timestamptz,
    primary key (experiment, phase, variation, metric)
);

-- event_id: the CloudEvent id, or sha256:<hex> of the payload when it could not be read that far
create table experiment_parked (
    id          bigserial primary key,
    event_id    text        not null,
    topic       text        not null,
    key         text,
    type        text,
    kind        text        not null,
    reason      text        not null,
    -- the record's value exactly as it arrived, so it can be published again once the cause is fixed
    payload     bytea,
    parked_at   timestamptz not null,
    unique (event_id, reason)
);
create index experiment_parked_idx on experiment_parked (id desc);

create table experiment_snapshot (
    id              uuid primary key,
    experiment      text        not null references experiment (key),
    phase           integer     not null,
    at              timestamptz not null,
    status          text        not null,
    recommendation  text        not null,
    definition_hash text        not null,
    -- SHA-256 of the arm sums analysed: a new snapshot is taken only when they changed
    input_hash      text        not null,
    snapshot        jsonb       not null
);
create index experiment_snapshot_idx on experiment_snapshot (experiment, at desc);
