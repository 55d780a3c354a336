-- id: postings_distinct
-- label: Job postings
-- unit: postings
-- compute: scalar
-- section: postings
-- order: 10
-- basis: f_postings
-- definition: Number of distinct postings (posting_id) dated in the period — a posting's date is
--   posted_at, else the day it was first seen — that match the filters.
-- caveats: Ids are per source, so a job advertised on two sources counts twice. Postings are
--   advertisements, not hires; one posting can stand for several openings or for none (evergreen ads).
SELECT count(DISTINCT posting_id) AS value, count(DISTINCT posting_id) AS n
FROM f_postings
