-- An event may carry many evidence items (dev.verdict.benchmark.comparison-completed.v1), so the source event id is
-- no longer unique per row. An item's identity is its id, derived from (source event id, position in the event);
-- the inbox keeps a redelivered event out, the primary key any copy that slips past it.
drop index evidence_source_event_idx;
create index evidence_source_event_idx on evidence (source_event_id) where source_event_id is not null;
