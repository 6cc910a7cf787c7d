-- MADR's date is optional, and an imported record may carry one that has no single reading (adr-tools wrote
-- dd/mm/yyyy by default before its ADR 8, so "02/01/2020" is 2 January or 1 February). Such a decision has no date
-- rather than an invented one (the import date), and keeps the text as written; the decision's file keeps it too
-- (verdict.date-label). Setting a date drops the label.
alter table decision alter column decided_on drop not null;
alter table decision add column date_label text;
