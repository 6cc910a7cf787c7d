-- The catalog annotations deploy targets place a component by (backstage.io/kubernetes-id, -namespace), as the
-- last catalog event carried them; '{}' for rows projected before catalog events carried any.
alter table component_owner add column annotations jsonb not null default '{}';
