-- catalog-service schema. Entities are stored as their JSONB descriptor plus the columns lists filter on, so every
-- filter and the keyset order run on indexes (Backstage's getEntities took 10-20 s at 20k entities by filtering in
-- memory; here a page is an index range scan).

CREATE TABLE locations (
    id              bigserial PRIMARY KEY,
    url             text        NOT NULL,
    branch          text        NOT NULL,
    path_glob       text        NOT NULL,
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_attempt_at timestamptz,
    last_success_at timestamptz,
    last_commit     text,
    last_error      text,
    next_refresh_at timestamptz NOT NULL DEFAULT now(),
    entity_count    integer     NOT NULL DEFAULT 0,
    last_result     jsonb,
    UNIQUE (url, branch, path_glob)
);

CREATE TABLE entities (
    ref           text PRIMARY KEY,          -- canonical lower-case kind:namespace/name
    uid           uuid        NOT NULL UNIQUE,
    kind          text        NOT NULL,
    namespace     text        NOT NULL,
    name          text        NOT NULL,
    body          jsonb       NOT NULL,
    owner_ref     text,
    lifecycle     text,
    type          text,
    system_ref    text,
    tags          text[]      NOT NULL DEFAULT '{}',
    search        tsvector    NOT NULL,
    location_id   bigint REFERENCES locations (id) ON DELETE SET NULL,
    location_path text,
    orphaned_at   timestamptz,
    generation    bigint      NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX entities_kind_idx ON entities (kind, ref);
CREATE INDEX entities_namespace_idx ON entities (namespace, ref);
CREATE INDEX entities_owner_idx ON entities (owner_ref, ref);
CREATE INDEX entities_lifecycle_idx ON entities (lifecycle, ref);
CREATE INDEX entities_type_idx ON entities (type, ref);
CREATE INDEX entities_system_idx ON entities (system_ref, ref);
CREATE INDEX entities_tags_idx ON entities USING gin (tags);
CREATE INDEX entities_search_idx ON entities USING gin (search);
CREATE INDEX entities_location_idx ON entities (location_id, location_path);
CREATE INDEX entities_orphaned_idx ON entities (orphaned_at) WHERE orphaned_at IS NOT NULL;

-- Relations are stored in both directions; origin_ref is the entity whose descriptor declared the edge, so a write
-- replaces exactly the edges it owns.
-- No unique key: the writer de-duplicates an origin's edges, and a narrow index keeps a 10k import's ~100k rows cheap.
CREATE TABLE relations (
    origin_ref text NOT NULL,
    source_ref text NOT NULL,
    type       text NOT NULL,
    target_ref text NOT NULL
);
CREATE INDEX relations_origin_idx ON relations (origin_ref);
CREATE INDEX relations_source_idx ON relations (source_ref, type);
CREATE INDEX relations_target_idx ON relations (target_ref);

CREATE TABLE entity_history (
    id          bigserial PRIMARY KEY,
    entity_ref  text        NOT NULL,
    change      text        NOT NULL,    -- created | updated | deleted | orphaned | adopted
    actor       text        NOT NULL,    -- user:<name> or location:<id>
    location_id bigint,
    at          timestamptz NOT NULL DEFAULT now(),
    diff        jsonb       NOT NULL
);
CREATE INDEX entity_history_ref_idx ON entity_history (entity_ref, id DESC);

CREATE TABLE location_files (
    location_id  bigint NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    path         text   NOT NULL,
    content_hash text   NOT NULL,
    error        text,                   -- why the file's descriptors were not applied (its previous entities stay)
    PRIMARY KEY (location_id, path)
);

CREATE TABLE location_conflicts (
    location_id       bigint      NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    entity_ref        text        NOT NULL,
    path              text        NOT NULL,
    owner_location_id bigint,
    detected_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (location_id, entity_ref)
);

CREATE TABLE scorecard_results (
    entity_ref  text PRIMARY KEY,
    level       text,
    result      jsonb       NOT NULL,
    computed_at timestamptz NOT NULL DEFAULT now()
);
