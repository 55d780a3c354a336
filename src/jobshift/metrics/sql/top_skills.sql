-- id: top_skills
-- label: Most requested skills
-- unit: postings
-- compute: table
-- section: postings
-- order: 40
-- chart: top_skills
-- basis: f_postings
-- definition: The 25 skills found in the most postings: n = postings naming the skill, share = n divided
--   by all postings in the period (with or without any skill found), with a 95% Wilson interval.
-- caveats: Skills are matched from a fixed dictionary in the posting text; a skill named in a generic
--   company boilerplate counts. Shares of different skills overlap (a posting can name many).
WITH total AS (
    SELECT count(*) AS n FROM f_postings
),
counts AS (
    -- posting_skills holds one row per (posting_id, skill_id) (its primary key), so count(*) per skill is
    -- the number of distinct postings, without a distinct-hash over millions of rows.
    SELECT any_value(s.name) AS skill, any_value(s.category) AS category, count(*) AS n
    FROM f_postings p
    JOIN posting_skills ps ON ps.posting_id = p.posting_id
    JOIN skills s ON s.skill_id = ps.skill_id
    GROUP BY s.skill_id
)
SELECT c.skill, c.category, c.n, c.n / nullif(t.n, 0) AS share, c.n AS wilson_k, t.n AS wilson_n
FROM counts c CROSS JOIN total t
ORDER BY c.n DESC, c.skill
LIMIT 25
