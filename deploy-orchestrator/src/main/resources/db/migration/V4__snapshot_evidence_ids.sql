-- Snapshots from V4 on publish their evidence under event ids derived from the snapshot (Snapshots.evidenceEventId),
-- so the next snapshot of the phase can supersede them. Older rows published random ids: nothing can name those.
alter table experiment_snapshot add column evidence_ids_derived boolean not null default false;
