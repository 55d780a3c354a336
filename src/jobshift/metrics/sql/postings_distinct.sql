-- id: postings_distinct
-- label: Job postings
-- unit: postings
-- compute: scalar
-- section: postings
-- order: 10
-- basis: f_postings
-- definition: Number of distinct jobs advertised in the period — a posting's date is posted_at, else the
--   day it was first seen — that match the filters: posting records minus exact and near copies of an
--   earlier posting (reposts, the same ad on two sources; see "postings_copies" and jobshift.dedup).
-- caveats: Postings are advertisements, not hires; one posting can stand for several openings or for none
--   (evergreen ads). A copy is dated by its first posting, so a job reposted monthly counts in its first
--   month only.
SELECT count(DISTINCT posting_id) AS value, count(DISTINCT posting_id) AS n
FROM f_postings
