-- deploy-orchestrator schema: canary deployments as a persisted state machine. Every row change is made by the one
-- replica that holds the deployment's row lock (FOR UPDATE SKIP LOCKED in the driver, FOR UPDATE in manual
-- actions), so two replicas never drive one deployment.

-- What runs as stable for a component now: the version a canary's fresh baseline is started from.
create table release (
    component     text primary key,
    version       text        not null,
    artifact_type text        not null,
    artifact      text        not null,
    runtime       text,
    instances     integer     not null,
    placement_id  text        not null,
    deployment_id uuid        not null,
    released_at   timestamptz not null
);

create table deployment (
    id              uuid primary key,
    component       text        not null,
    version         text        not null,
    artifact_type   text        not null,
    artifact        text        not null,
    runtime         text,
    instances       integer     not null,
    -- the version, artifact and runtime the fresh baseline runs: the release at trigger time (null for a first one)
    baseline_version  text,
    baseline_artifact_type text,
    baseline_artifact text,
    baseline_runtime  text,
    stable_placement  text,
    canary_placement  text,
    baseline_placement text,
    config          jsonb       not null,
    config_hash     text        not null,
    steps           jsonb       not null,
    pass_threshold     double precision not null,
    marginal_threshold double precision not null,
    decision_ref    text,
    status          text        not null,
    -- the step being run (0-based), and where inside it: see DeploymentState
    step_index      integer     not null default 0,
    phase           text        not null,
    weight          integer     not null default 0,
    analysis_run    integer     not null default 0,
    failures        integer     not null default 0,
    inconclusives   integer     not null default 0,
    window_start    timestamptz,
    wake_at         timestamptz not null,
    status_reason   text,
    -- set by a manual abort: the rollback then ends ABORTED, not ROLLED_BACK
    aborted_by      text,
    created_by      text        not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    finished_at     timestamptz,
    version_lock    integer     not null default 0
);
create index deployment_due_idx on deployment (wake_at) where finished_at is null;
create index deployment_component_idx on deployment (component, created_at desc);
create index deployment_status_idx on deployment (status, created_at desc);
-- one live deployment per component: a second trigger while one runs is a 409
create unique index deployment_one_live_idx on deployment (component) where finished_at is null;

-- One judgement of an analysis interval: inputs and result kept, so POST /api/judge re-runs it identically.
create table judgement (
    id              uuid primary key,
    deployment_id   uuid        not null references deployment (id),
    step_index      integer     not null,
    run             integer     not null,
    window_start    timestamptz not null,
    window_end      timestamptz not null,
    score           double precision not null,
    classification  text        not null,
    inconclusive    boolean     not null,
    result          jsonb       not null,
    input           jsonb       not null,
    result_hash     text        not null,
    judged_at       timestamptz not null,
    unique (deployment_id, step_index, run)
);

-- The deployment's history: every step, weight change, judgement, outcome and manual action, with its actor.
create table deployment_event (
    id            bigint generated always as identity primary key,
    deployment_id uuid        not null references deployment (id),
    at            timestamptz not null,
    kind          text        not null,
    actor         text        not null,
    summary       text        not null,
    detail        jsonb
);
create index deployment_event_idx on deployment_event (deployment_id, id);

-- Owners of catalog entities, projected from verdict.catalog.v1: who may deploy a component, without a synchronous
-- call to catalog-service on the trigger path.
create table component_owner (
    ref         text primary key,
    kind        text   not null,
    owner       text,
    generation  bigint not null,
    deleted     boolean not null default false
);
