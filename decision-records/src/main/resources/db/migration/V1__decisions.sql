-- decision-records schema. The canonical Markdown file of a decision is the source of truth (content); the other
-- columns are what lists and searches filter on, kept in step by the service in the same transaction.

create table decision (
    number               integer primary key,
    slug                 text        not null,
    title                text        not null,
    status               text        not null,
    decided_on           date        not null,
    tags                 text[]      not null default '{}',
    entities             text[]      not null default '{}',
    content              text        not null,
    version              integer     not null,
    evidence_status      text        not null default 'INCONCLUSIVE',
    evidence_explanation text        not null default '',
    evaluated_at         timestamptz,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    search               tsvector generated always as (to_tsvector('simple', title || ' ' || content)) stored
);
create index decision_tags_idx on decision using gin (tags);
create index decision_entities_idx on decision using gin (entities);
create index decision_search_idx on decision using gin (search);
create index decision_status_idx on decision (status, number);

-- Evidence is immutable: rows are inserted, never updated (a correction is a new row whose supersedes names the old).
create table evidence (
    id              uuid primary key,
    kind            text        not null,
    subject         text        not null,
    decision_ref    integer,
    metric          text        not null,
    comparison      text,
    observed_at     timestamptz not null,
    recorded_at     timestamptz not null,
    supersedes      uuid references evidence (id),
    source_event_id text,
    content_hash    text        not null,
    body            jsonb       not null
);
create index evidence_subject_idx on evidence (subject, kind, metric);
create index evidence_supersedes_idx on evidence (supersedes) where supersedes is not null;
create index evidence_recorded_idx on evidence (recorded_at, id);

-- Which decisions an evidence item counts for: named explicitly, or matched by subject and criteria.
create table evidence_link (
    evidence_id     uuid    not null references evidence (id),
    decision_number integer not null references decision (number),
    matched_by      text    not null,
    kind            text    not null,
    metric          text    not null,
    comparison      text,
    observed_at     timestamptz not null,
    primary key (decision_number, evidence_id)
);
create index evidence_link_criterion_idx on evidence_link (decision_number, kind, metric, observed_at desc);
create index evidence_link_evidence_idx on evidence_link (evidence_id);

create table evidence_attachment (
    evidence_id uuid   not null references evidence (id),
    name        text   not null,
    media_type  text,
    size        bigint not null,
    sha256      text   not null,
    data        bytea  not null,
    primary key (evidence_id, name)
);

-- Everything that happened to a decision, in order: edits, transitions, evidence, status changes, review.
create table timeline_entry (
    id              bigserial primary key,
    decision_number integer     not null references decision (number),
    at              timestamptz not null,
    actor           text        not null,
    kind            text        not null,
    summary         text        not null,
    detail          jsonb
);
create index timeline_decision_idx on timeline_entry (decision_number, id);

create table review_comment (
    id              bigserial primary key,
    decision_number integer     not null references decision (number),
    author          text        not null,
    body            text        not null,
    created_at      timestamptz not null
);
create index review_comment_decision_idx on review_comment (decision_number, id);

-- Written overrides of the evidence gate: kept for good, they are the record of why a decision was accepted anyway.
create table gate_override (
    id              bigserial primary key,
    decision_number integer     not null references decision (number),
    architect       text        not null,
    reason          text        not null,
    evidence_status text        not null,
    target_status   text        not null,
    created_at      timestamptz not null
);

-- The (kind, metric, comparison) of every criterion of every decision, so incoming evidence without a decision ref
-- finds the decisions it counts for (subject in affected entities and a matching criterion) with one query.
create table decision_criterion (
    decision_number integer not null references decision (number),
    position        integer not null,
    kind            text    not null,
    metric          text    not null,
    comparison      text,
    primary key (decision_number, position)
);
create index decision_criterion_match_idx on decision_criterion (kind, metric);

create unique index evidence_source_event_idx on evidence (source_event_id) where source_event_id is not null;
