-- Warnings an entity was accepted with (refs no entity can have, such as e-mail owners, which Backstage accepts),
-- shown under the entity's status. NULL when there are none.
ALTER TABLE entities ADD COLUMN warnings jsonb;

-- Per file of a git location: the warnings its entities were accepted with, the files its placeholders read
-- ($text/$json/$yaml: path -> git blob id, so a change to a referenced file re-processes the file that reads it),
-- and the files its Location entities' targets name (followed on every refresh, also when the file is unchanged).
ALTER TABLE location_files ADD COLUMN warnings jsonb;
ALTER TABLE location_files ADD COLUMN reads jsonb;
ALTER TABLE location_files ADD COLUMN targets jsonb;
