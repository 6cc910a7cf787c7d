-- The status as an imported record wrote it when it is not one of the five (MADR's status is free-form: "on hold",
-- "implemented"); null otherwise. The decision's file keeps it too (verdict.status-label); this copy is for lists and
-- searches, kept in step by the service like the other copies. A transition clears it.
alter table decision add column status_label text;
