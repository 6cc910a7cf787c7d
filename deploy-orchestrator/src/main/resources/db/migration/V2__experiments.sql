-- deploy-orchestrator schema, experiments (issue #14): definitions with their lifecycle, one row per phase (each
-- phase has its own seed and split, so a changed split never re-randomises units inside a phase), and a history.

create table experiment (
    key             text primary key,
    component       text        not null,
    decision_ref    text,
    hypothesis      text,
    status          text        not null,
    -- 0 while a draft; the current phase from the first start on
    phase           integer     not null default 0,
    seed            text,
    hash_attribute  text        not null,
    hash_version    integer     not null,
    -- [{"key": "control", "name": "..."}, ...]; index 0 is the control
    variations      jsonb       not null,
    weights         jsonb       not null,
    coverage        double precision not null,
    namespace       jsonb,
    condition       jsonb,
    -- {"unit-id": variation index}: QA units that always see one variation and are never counted
    forced          jsonb       not null,
    -- {"primary": "...", "secondary": [...], "guardrails": [...]}
    metrics         jsonb       not null,
    definition_hash text        not null,
    winner          text,
    conclusion      text,
    created_by      text        not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    version_lock    integer     not null default 0
);
create index experiment_component_idx on experiment (component, created_at desc);
create index experiment_status_idx on experiment (status, created_at desc);

create table experiment_phase (
    experiment      text        not null references experiment (key),
    phase           integer     not null,
    seed            text        not null,
    weights         jsonb       not null,
    coverage        double precision not null,
    definition_hash text        not null,
    reason          text,
    started_by      text        not null,
    started_at      timestamptz not null,
    ended_at        timestamptz,
    primary key (experiment, phase)
);

create table experiment_history (
    id          bigserial primary key,
    experiment  text        not null references experiment (key),
    at          timestamptz not null,
    kind        text        not null,
    actor       text        not null,
    summary     text        not null
);
create index experiment_history_idx on experiment_history (experiment, id);
