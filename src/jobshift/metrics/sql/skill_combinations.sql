-- id: skill_combinations
-- label: Skills asked for together
-- unit: postings
-- compute: table
-- section: postings
-- order: 45
-- basis: f_postings
-- definition: The pairs and triples of skills named together in the most postings, among the 30 skills
--   named in the most postings of the period (chosen from the 62 skills named most often in the whole
--   database): the 15 commonest pairs and the 10 commonest triples. n = postings naming every skill of the
--   combination; share = n divided by all postings in the period (with or without any skill found), with a
--   95% Wilson interval.
-- caveats: Only combinations of those 30 skills are counted, so a frequent pair with a rarer skill can be
--   missing; under a narrow filter (one role family) a skill common there but outside the database's 62
--   most named is left out. Skills are matched from a fixed dictionary in the posting text (boilerplate
--   included), so a combination says what postings name together, not what one job needs. Postings
--   duplicated across boards count once per board.
WITH total AS (
    SELECT count(*) AS n FROM f_postings
),
candidates AS (
    -- the 62 skills named most often in the whole database, one bit each (a posting's skills fit one BIGINT)
    SELECT skill_id, (row_number() OVER (ORDER BY count(*) DESC, skill_id) - 1)::INTEGER AS bit
    FROM posting_skills
    GROUP BY skill_id
    QUALIFY bit < 62
),
masks AS (
    -- one mask per posting first, then keep the filtered postings (a join over masks, not skill rows)
    SELECT m.mask
    FROM (
        SELECT ps.posting_id, bit_or(1::BIGINT << c.bit) AS mask
        FROM posting_skills ps
        JOIN candidates c ON c.skill_id = ps.skill_id
        GROUP BY ps.posting_id
    ) m
    SEMI JOIN f_postings p ON p.posting_id = m.posting_id
),
distinct_masks AS MATERIALIZED (
    -- postings naming the same set of candidate skills are counted together
    SELECT row_number() OVER (ORDER BY mask) AS set_id, mask, count(*) AS postings FROM masks GROUP BY mask
),
members AS MATERIALIZED (
    SELECT d.set_id, d.postings, c.skill_id
    FROM distinct_masks d
    JOIN candidates c ON (d.mask >> c.bit) & 1 = 1
),
top AS (
    -- the 30 candidate skills named in the most postings of the period
    SELECT skill_id FROM members GROUP BY skill_id ORDER BY sum(postings) DESC, skill_id LIMIT 30
),
top_members AS MATERIALIZED (
    SELECT m.* FROM members m SEMI JOIN top t ON t.skill_id = m.skill_id
),
combos AS (
    SELECT 'pair' AS size, [a.skill_id, b.skill_id] AS skill_ids, sum(a.postings) AS n
    FROM top_members a
    JOIN top_members b ON b.set_id = a.set_id AND a.skill_id < b.skill_id
    GROUP BY ALL
    UNION ALL
    SELECT 'triple', [a.skill_id, b.skill_id, c.skill_id], sum(a.postings)
    FROM top_members a
    JOIN top_members b ON b.set_id = a.set_id AND a.skill_id < b.skill_id
    JOIN top_members c ON c.set_id = a.set_id AND b.skill_id < c.skill_id
    GROUP BY ALL
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY size ORDER BY n DESC, skill_ids) AS rank FROM combos
    QUALIFY rank <= CASE size WHEN 'pair' THEN 15 ELSE 10 END
),
named AS (
    -- skill_ids is in skill_id order (a < b < c above), so ordering by skill_id keeps the combination's order
    SELECT r.size, r.rank, r.n,
           string_agg(s.name, ' + ' ORDER BY s.skill_id) AS skills,
           string_agg(s.category, ' + ' ORDER BY s.skill_id) AS categories
    FROM ranked r
    JOIN skills s ON list_contains(r.skill_ids, s.skill_id)
    GROUP BY r.size, r.rank, r.n
)
SELECT c.size, c.rank, c.skills, c.categories, c.n, c.n / nullif(t.n, 0) AS share,
       c.n AS wilson_k, t.n AS wilson_n
FROM named c CROSS JOIN total t
ORDER BY c.size, c.rank
