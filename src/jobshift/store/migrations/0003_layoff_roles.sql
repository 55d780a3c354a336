-- The roles a layoff text names (jobshift.enrich.layoff_roles), for "roles cut vs roles created".
-- roles_named: the role families named, comma-separated in jobshift.fields.ROLE_FAMILIES order
--   ("customer_support,sales_marketing"); '' when the event has a description that names no role; NULL when
--   there is no description to read (or the row was stored before this migration and not re-enriched).
--   A comma-separated VARCHAR rather than VARCHAR[]: rows reach the store as typed Arrow batches of scalar
--   columns (fields.FieldType), and string_split(roles_named, ',') gives the list in SQL.
-- roles_evidence: "family: 'phrase'; ..." — the words each family rests on.
ALTER TABLE layoff_events ADD COLUMN roles_named VARCHAR;
ALTER TABLE layoff_events ADD COLUMN roles_evidence VARCHAR;
