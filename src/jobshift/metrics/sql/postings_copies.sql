-- id: postings_copies
-- label: Share of posting records that repeat another posting
-- unit: share
-- compute: proportion
-- section: postings
-- order: 11
-- basis: f_postings_all
-- definition: Posting records in the period that are exact or near copies of an earlier posting (a repost
--   of the same ad, or the same ad on another source: estimated Jaccard similarity of the texts' word
--   5-grams >= 0.8 with agreeing titles; see jobshift.dedup), as a share of all posting records, with a
--   Wilson 95 % interval. Every other posting metric counts each job once (copies excluded), so this is
--   the difference between the raw record count and "Job postings".
-- caveats: Texts under 30 words are never merged (a bare title is not evidence of one job). A job
--   reposted with a rewritten description counts twice; two different jobs sharing one long boilerplate
--   and the same title count once.
SELECT count(*) FILTER (WHERE duplicate_of IS NOT NULL) AS k, count(*) AS n
FROM f_postings_all
