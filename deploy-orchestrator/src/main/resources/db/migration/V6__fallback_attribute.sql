-- GrowthBook's fallbackAttribute (issue #14): with sticky bucketing, a unit without the hash attribute (a visitor
-- before login) is hashed and remembered by this attribute. Null: none, as every experiment before V6.
alter table experiment add column fallback_attribute text;
