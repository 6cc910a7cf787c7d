-- Git mirror bookkeeping shared by every replica (each replica has its own working clone; the remote is the truth).

-- The git blob id of the file content that the database and the shared repository last agreed on. A sync compares it
-- with the file at the head of the branch and with the stored content: only git changed → import, only the service
-- changed → export, both → conflict (git wins, the service's version is kept in git_conflict and on the timeline).
-- Null for rows written before this column existed: those are treated as "git wins if different", as before.
alter table decision add column git_blob text;

-- Same-file conflicts between the service and git. Never deleted: the overwritten service-side version is kept here.
create table git_conflict (
    id              bigserial primary key,
    decision_number integer     not null references decision (number),
    path            text        not null,
    ours_commit     text,
    theirs_commit   text,
    service_content text        not null,
    git_content     text        not null,
    applied         boolean     not null,
    detected_at     timestamptz not null,
    detected_by     text        not null
);
create index git_conflict_decision_idx on git_conflict (decision_number, id);

-- The outcome of the latest sync (one row), so every replica's status API reports the same thing.
create table git_sync_state (
    id          smallint primary key check (id = 1),
    synced_at   timestamptz not null,
    replica     text        not null,
    head_commit text,
    ok          boolean     not null,
    error       text,
    problems    jsonb       not null default '[]',
    imported    jsonb       not null default '[]',
    exported    jsonb       not null default '[]'
);
