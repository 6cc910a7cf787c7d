-- Files processed by the previous release were checked by older rules (no placeholders, no Location targets, no
-- e-mail owners): every file is processed again on its location's next refresh.
UPDATE location_files SET content_hash = 'before-v2:' || content_hash;
