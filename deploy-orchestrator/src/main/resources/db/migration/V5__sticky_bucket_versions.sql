-- ADR-0006: each phase has a GrowthBook sticky bucket version and minimum bucket version. Phase 1 is bucket version 0
-- (GrowthBook's default); before V5 every new phase re-randomised every unit, which is bucket version phase - 1.
alter table experiment_phase add column bucket_version integer;
alter table experiment_phase add column min_bucket_version integer not null default 0;
update experiment_phase set bucket_version = phase - 1;
alter table experiment_phase alter column bucket_version set not null;

-- the current phase's, next to its seed (read by REST allocation and published with the definition)
alter table experiment add column bucket_version integer;
alter table experiment add column min_bucket_version integer not null default 0;
update experiment set bucket_version = greatest(phase - 1, 0);
alter table experiment alter column bucket_version set not null;
alter table experiment alter column bucket_version set default 0;
