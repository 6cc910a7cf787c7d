-- (V4: V3 is taken by the git sync state of the parallel git-mirror work.)
-- The evidence body is stored as json (the text as written) instead of jsonb: nothing queries inside it (it is read
-- whole and its content hash verified in the service), and parsing every body into jsonb was a fifth of the database
-- time of the evidence ingest (docs/performance.md, decision-records).
alter table evidence alter column body type json using body::json;
