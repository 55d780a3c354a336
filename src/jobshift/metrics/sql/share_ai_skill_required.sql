-- id: share_ai_skill_required
-- label: Postings that require an AI skill
-- unit: share
-- compute: proportion
-- section: postings
-- order: 30
-- basis: f_postings WHERE ai_skill_required IS NOT NULL
-- definition: Share of postings that list an AI/ML skill as required (ai_skill_required = TRUE, set by
--   enrichment) among postings where the flag was computed. 95% Wilson interval.
-- caveats: "Required" is read from the posting text by rules and can miss skills phrased unusually. The
--   interval treats postings as an independent sample, which a scrape of a few boards is not.
SELECT count(*) FILTER (WHERE ai_skill_required) AS k, count(*) AS n
FROM f_postings
WHERE ai_skill_required IS NOT NULL
